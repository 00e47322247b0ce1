"""Geoparser component (placeholder: to be built under the places issue)."""

from ..doc import Story
from ..pipeline import component


@component("places", assigns=["places"], requires=["sentences", "entities"])
class Geoparser:
    def initialize(self) -> None:
        pass

    def __call__(self, story: Story) -> Story:
        story.places = []
        return story
