"""Technique component (placeholder: to be built under the framing issue)."""

from ..doc import Story
from ..pipeline import component


@component("techniques", assigns=["techniques"], requires=["sentences"])
class TechniqueTagger:
    def initialize(self) -> None:
        pass

    def __call__(self, story: Story) -> Story:
        story.techniques = []
        return story
