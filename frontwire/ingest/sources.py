"""Inputs -> stories: files, folders (recursive), feeds and URLs.

:func:`iter_stories` yields a :class:`Story` or an :class:`InputError` per item,
never raising for a bad input, so a run goes on with the rest.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import InputError
from .readers import READERS, Item, date_from_name, sniff

#: Inputs larger than this are refused (a 50 MB "article" is not an article).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
USER_AGENT = "frontwire/0.1 (+https://github.com/frontwire/frontwire)"


def is_url(s: str) -> bool:
    return s.startswith(("http://", "https://"))


def expand(inputs: Iterable[str]) -> Iterator[str | InputError]:
    """Paths and URLs, folders expanded recursively (hidden files skipped), in sorted order."""
    for raw in inputs:
        if is_url(raw):
            yield raw
            continue
        p = Path(raw)
        if p.is_dir():
            files = []
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files.extend(Path(root) / n for n in names if not n.startswith("."))
            if not files:
                yield InputError("folder has no files", raw)
            yield from (str(f) for f in sorted(files))
        elif p.exists():
            yield str(p)
        else:
            yield InputError("no such file or folder", raw)


def read_source(name: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = 20.0, **meta) -> Iterator[Item]:
    """Stories from one file or URL; raises InputError when the input is unreadable as a whole."""
    content_type = None
    if is_url(name):
        data, content_type = fetch(name, max_bytes=max_bytes, timeout=timeout)
    else:
        try:
            size = os.path.getsize(name)
            if size > max_bytes:
                raise InputError(f"too large ({size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB, see --max-size)", name)
            with open(name, "rb") as fh:
                data = fh.read()
        except PermissionError:
            raise InputError("permission denied", name) from None
        except IsADirectoryError:
            raise InputError("is a folder", name) from None
        except OSError as exc:
            raise InputError(f"cannot read ({exc.strerror or exc})", name) from None
        if "published" not in meta and date_from_name(name):
            meta = {**meta, "published_default": date_from_name(name)}
    kind = sniff(name, data, content_type)
    default_date = meta.pop("published_default", None)
    for item in READERS[kind](data, name, **meta):
        if default_date and not isinstance(item, InputError) and not item.published:
            item.published = default_date
        if not isinstance(item, InputError) and is_url(name) and not item.url:
            item.url = name
        yield item


def fetch(url: str, *, max_bytes: int, timeout: float) -> tuple[bytes, str | None]:
    """GET a URL the user asked for (the only network access frontwire makes)."""
    import httpx

    try:
        with httpx.stream("GET", url, timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}) as r:
            if r.status_code >= 400:
                raise InputError(f"HTTP {r.status_code} {r.reason_phrase}", url)
            chunks, total = [], 0
            for chunk in r.iter_bytes():
                total += len(chunk)
                if total > max_bytes:
                    raise InputError(f"response larger than {max_bytes / 1e6:.0f} MB", url)
                chunks.append(chunk)
            return b"".join(chunks), r.headers.get("content-type")
    except httpx.HTTPError as exc:
        raise InputError(f"could not fetch ({exc.__class__.__name__}: {exc})", url) from None


def iter_stories(inputs: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, **meta) -> Iterator[Item]:
    """Every story in the inputs, and an InputError for every input (or part) that failed."""
    for name in expand(inputs):
        if isinstance(name, InputError):
            yield name
            continue
        try:
            yield from read_source(name, max_bytes=max_bytes, **meta)
        except InputError as err:
            err.source = err.source or name
            yield err
        except Exception as exc:  # a reader bug must not end the run; report it as this input's failure
            yield InputError(f"could not be read ({exc.__class__.__name__}: {exc})", name)


def read_path(path: str, **meta) -> list:
    """All stories of one path (file, folder or URL); raises InputError on the first failure.

    Convenient for tests and notebooks: ``stories = read_path("../shared/seeds")``.
    """
    out = []
    for item in iter_stories([str(path)], **meta):
        if isinstance(item, InputError):
            raise item
        out.append(item)
    return out
