"""Event and figure component (placeholder: to be built under the claims issue)."""

from ..doc import Story
from ..pipeline import component


@component("events", assigns=["events", "figures"], requires=["sentences", "places", "quotes"])
class EventExtractor:
    def initialize(self) -> None:
        pass

    def __call__(self, story: Story) -> Story:
        story.events = []
        story.figures = []
        return story
