"""Attribution component (placeholder: to be built under the claims issue)."""

from ..doc import Story
from ..pipeline import component


@component("quotes", assigns=["quotes"], requires=["sentences", "entities"])
class QuoteExtractor:
    def initialize(self) -> None:
        pass

    def __call__(self, story: Story) -> Story:
        story.quotes = []
        return story
