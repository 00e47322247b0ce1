"""Style profile component (placeholder: to be built under the framing issue)."""

from ..doc import Story
from ..pipeline import component


@component("profile", assigns=["profile"], requires=["techniques"])
class StyleProfile:
    def initialize(self) -> None:
        pass

    def __call__(self, story: Story) -> Story:
        story.profile = {}
        return story
