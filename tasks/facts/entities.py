"""The story's entity catalogue (config/entities.toml) and finding its entities in a body.

One compiled alternation of every alias, longest first, so "Seoul's spy agency" beats "Seoul"
and "Kim Il Sung Square" beats "Kim". Short context aliases ("Kim", "Mr. Kim", "Lee") are only
kept when the article has already named a matching entity in full.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tasks.facts.records import Entity, Mention
from tasks.facts.trie import trie_pattern

DEFAULT_CATALOG = Path(__file__).resolve().parents[2] / "config" / "entities.toml"
_TYPES = ("person", "org", "place")
_APOSTROPHES = "'’ʼ"
_DASHES = "-‐‑–"
_NAME_GOES_ON = r"(?![ \t]+[A-Z])"  # regex atom ending every short (context) alias
_SURFACE_MEMO = 4096  # spellings remembered per catalogue (aliases x apostrophe/dash/space forms)


class CatalogError(ValueError):
    """The catalogue file is unreadable or inconsistent; the message says where."""


_FOLD = str.maketrans({**dict.fromkeys(_APOSTROPHES, "'"), **dict.fromkeys(_DASHES, "-")})
_SPACES = re.compile(r"\s+")


def _fold(text: str) -> str:
    """The key an alias and a matched surface form share: one apostrophe, one dash, one space."""
    text = text.translate(_FOLD)
    return _SPACES.sub(" ", text) if ("  " in text or "\n" in text or "\t" in text) else text


def _alias_atoms(alias: str) -> list[str]:
    """Regex atoms of an alias: any apostrophe, any dash, any run of spaces match alike."""
    parts = []
    for char in alias:
        if char in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]")
        elif char in _DASHES:
            parts.append(f"[{_DASHES}]")
        elif char == " ":
            parts.append(r"\s+")
        else:
            parts.append(re.escape(char))
    return parts


def _variants(alias: str) -> list[str]:
    """The alias, and capitalised at a sentence start when it is written in lower case."""
    found = [alias]
    if alias[:1].islower():
        found.append(alias[0].upper() + alias[1:])
    return found


@dataclass(frozen=True, slots=True)
class _AliasTarget:
    strong: Entity | None  # the entity a full alias names
    context: tuple[Entity, ...]  # entities a short alias may name


@dataclass(slots=True)
class EntityCatalog:
    """Canonical entities and the aliases that name them."""

    entities: tuple[Entity, ...]
    fingerprint: str  # sha256 of the catalogue's content: part of the extractor id
    _by_name: dict[str, Entity] = field(default_factory=dict, repr=False)
    _targets: dict[str, _AliasTarget] = field(default_factory=dict, repr=False)
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)
    # Surface form as matched -> its target: _fold(surface) looked up once per spelling.
    _surface_targets: dict[str, _AliasTarget] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        targets: dict[str, tuple[Entity | None, list[Entity]]] = {}
        for entity in self.entities:
            self._by_name[entity.name] = entity
            for alias in entity.aliases:
                for variant in _variants(alias):
                    strong, context = targets.get(_fold(variant), (None, []))
                    if strong is not None and strong is not entity:
                        raise CatalogError(
                            f"alias {alias!r} names both {strong.name!r} and {entity.name!r}"
                        )
                    targets[_fold(variant)] = (entity, context)
            for alias in entity.context_aliases:
                for variant in _variants(alias):
                    strong, context = targets.get(_fold(variant), (None, []))
                    if strong is None and entity not in context:
                        context.append(entity)
                    targets[_fold(variant)] = (strong, context)
        self._targets = {
            key: _AliasTarget(strong, tuple(context)) for key, (strong, context) in targets.items()
        }
        surfaces = sorted(
            {
                v
                for e in self.entities
                for a in (*e.aliases, *e.context_aliases)
                for v in _variants(a)
            }
        )
        short = {v for v in surfaces if self._targets[_fold(v)].strong is None}

        def atoms(surface: str) -> list[str]:
            # A short form followed by a capitalised word is part of another name:
            # "Kim Yong Bok" is another Kim, "The North Korean leader" is not "the North".
            return _alias_atoms(surface) + ([_NAME_GOES_ON] if surface in short else [])

        alternation = trie_pattern(surfaces, atoms)
        # No lookbehind in front: a pattern that starts with literals lets re skip positions by
        # their first character. find_mentions checks the character before instead.
        self._pattern = re.compile(rf"{alternation}(?![\w]|[{_DASHES}]\w)")

    @property
    def by_name(self) -> dict[str, Entity]:
        """Every entity by canonical name (do not modify)."""
        return self._by_name

    def get(self, name: str) -> Entity | None:
        """The entity with this canonical name."""
        return self._by_name.get(name)

    def lookup(self, surface: str) -> Entity | None:
        """The entity a full alias names (short context aliases resolve only inside a body)."""
        target = self._targets.get(_fold(surface.strip()))
        return target.strong if target else None

    def find_mentions(self, body: str) -> list[Mention]:
        """Every alias occurrence in `body`, context aliases resolved, in order of position."""
        assert self._pattern is not None
        strong: list[Mention] = []
        pending: list[tuple[int, int, str, _AliasTarget]] = []
        known = self._surface_targets
        for match in self._pattern.finditer(body):
            start = match.start()
            if start and (body[start - 1].isalnum() or body[start - 1] in "_'’"):
                continue  # inside a word: "US" in "BUS"
            text = match.group()
            target = known.get(text)
            if target is None:
                target = self._targets[_fold(text)]
                if len(known) < _SURFACE_MEMO:
                    known[text] = target
            e = target.strong
            if e is not None:
                strong.append(Mention(e.entity_id, e.name, start, match.end(), text))
            else:
                pending.append((start, match.end(), text, target))
        if not pending:
            return strong  # already in order of position
        named: dict[str, list[int]] = {}
        for m in strong:
            named.setdefault(m.entity_id, []).append(m.start_char)
        positions: dict[str, list[int]] = {}
        for entity in {e for _, _, _, t in pending for e in t.context}:
            starts = [
                p for eid in (entity.entity_id, *entity.context_by) for p in named.get(eid, [])
            ]
            if starts:
                positions[entity.entity_id] = sorted(starts)
        resolved = list(strong)
        for start, end, text, target in pending:
            best: tuple[int, int, Entity] | None = None  # (is_after, distance, entity)
            for entity in target.context:
                starts = positions.get(entity.entity_id)
                if not starts:
                    continue
                i = bisect.bisect_left(starts, start)
                if i > 0:
                    candidate = (0, start - starts[i - 1], entity)
                else:
                    candidate = (1, starts[0] - start, entity)
                if best is None or candidate[:2] < best[:2]:
                    best = candidate
            if best is not None:
                e = best[2]
                resolved.append(Mention(e.entity_id, e.name, start, end, text))
        resolved.sort(key=lambda m: m.start_char)
        return resolved

    def entity_rows(self) -> list[dict[str, Any]]:
        """Rows for the `entities` table (aliases include the short context forms)."""
        return [
            {
                "entity_id": e.entity_id,
                "name": e.name,
                "type": e.type,
                "aliases": [*e.aliases, *e.context_aliases],
            }
            for e in self.entities
        ]


def catalog_from_toml(text: str, *, origin: str = "<string>") -> EntityCatalog:
    """Parse and validate catalogue TOML (see config/entities.toml for the format)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{origin} is not valid TOML: {exc}") from exc
    entities: list[Entity] = []
    seen_ids: set[str] = set()
    seen_names: set[str] = set()
    for i, raw in enumerate(data.get("entity", [])):
        where = f"{origin}: entity #{i + 1}"
        unknown = set(raw) - {"id", "name", "type", "aliases", "context_aliases", "context_by"}
        if unknown:
            raise CatalogError(f"{where}: unknown keys {sorted(unknown)}")
        try:
            entity_id, name, kind = raw["id"], raw["name"], raw["type"]
        except KeyError as exc:
            raise CatalogError(f"{where}: missing key {exc.args[0]!r}") from exc
        if kind not in _TYPES:
            raise CatalogError(f"{where} ({name}): type must be one of {_TYPES}, not {kind!r}")
        if entity_id in seen_ids or name in seen_names:
            raise CatalogError(f"{where}: duplicate id or name ({entity_id!r}, {name!r})")
        seen_ids.add(entity_id)
        seen_names.add(name)
        aliases = tuple(dict.fromkeys([name, *raw.get("aliases", [])]))
        context = tuple(raw.get("context_aliases", []))
        context_by = tuple(raw.get("context_by", []))
        entities.append(Entity(entity_id, name, kind, aliases, context, context_by))
    if not entities:
        raise CatalogError(f"{origin}: no [[entity]] entries")
    for entity in entities:
        missing = set(entity.context_by) - seen_ids
        if missing:
            raise CatalogError(
                f"{origin} ({entity.name}): context_by names unknown {sorted(missing)}"
            )
    fingerprint = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return EntityCatalog(tuple(entities), fingerprint)


def load_entity_catalog(path: Path | None = None) -> EntityCatalog:
    """The catalogue at `path` (default: config/entities.toml)."""
    path = path or DEFAULT_CATALOG
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(f"cannot read entity catalogue {path}: {exc.strerror}") from exc
    return catalog_from_toml(text, origin=str(path))
