"""`timeline explain ID`: how an item's date was found, in words a reader can check."""

from __future__ import annotations

from timeline.errors import QueryError
from timeline.export.json import item_dict
from timeline.store import Store


def explain_event(store: Store, event_id: str) -> str:
    """A few lines: the item, the text as written, the rule, the reference date and why, the evidence.

    Accepts a full ID or a unique prefix; raises QueryError for an unknown one.
    """
    stored = store.event(event_id)
    if stored is None:
        raise QueryError(event_id, "no such item (or the prefix is not unique); see `timeline events`")
    event, item = stored.event, item_dict(stored)
    when, evidence = event.when, event.evidence
    article = store.article(evidence.source, evidence.article_index)
    lines = [
        f"{event.id}  {event.kind.value}/{event.category.value}  {event.title}",
        f"  when:       {item['start']} .. {item['end']} (end exclusive)"
        + (f", due {item['due']}" if item["due"] else ""),
        f"  as written: {when.text!r} at {evidence.source}:{evidence.file_offset}",
        f"  resolved:   rule {when.rule or '?'}, grain {when.grain.label}, role {when.role.value},"
        f" certainty {when.certainty.value}",
    ]
    if article is not None:
        lines.append(f"  reference:  {article.reference.isoformat()} ({article.reference_certainty}): {article.reference_note}")
        lines += [f"  warning:    {warning}" for warning in article.warnings]
    lines += [
        f"  article:    #{evidence.article_index} {evidence.article_title}",
        f"  sentence:   {evidence.sentence}",
        f"  people:     {', '.join(event.people) or '-'}   projects: {', '.join(event.projects) or '-'}",
        f"  revision:   sequence {stored.sequence}, first stored {stored.created_at.isoformat()},"
        f" changed {stored.changed_at.isoformat()}",
    ]
    return "\n".join(lines)
