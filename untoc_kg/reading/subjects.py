"""The topics each record is about, decided once the report is read, so that the records say
everything the mapping writes: an agenda item by its title (a sub-item by its parent's too:
2(a) 《公约》 is about the review, as item 2 is), a recommendation or annex item by its heading,
an act by its title. The keywords are the topic scheme's (ontology/topics.ttl)."""

from __future__ import annotations

from untoc_kg.reading.knowledge import KNOWLEDGE
from untoc_kg.records import Act, Meeting
from untoc_kg.topics import TopicScheme


def assign_topics(meetings: list[Meeting], acts: list[Act], scheme: TopicScheme) -> None:
    def topics(text: str | None) -> list[str]:
        return [str(topic) for topic in scheme.classify(text)] if text else []

    for meeting in meetings:
        titles = {item.number: item.title for item in meeting.agenda}
        for item in meeting.agenda:
            found = topics(item.title)
            if item.parent in titles:
                found += [t for t in topics(titles[item.parent]) if t not in found]
            item.topics = found
        for recommendation in meeting.recommendations:
            recommendation.topics = topics(recommendation.heading)
    for act in acts:
        act.topics = topics(act.title)
        for annex in act.annexes:
            for item in annex.items:
                item.topics = topics(item.heading)


KNOWLEDGE.holds("topic scheme", TopicScheme.load)
