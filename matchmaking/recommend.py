"""Combine text similarity with structured signals. Pure: plain data in, plain data out.

score = w_text * text + w_sectors * sectors + w_region * region + w_maturity * maturity + w_esg * esg

* text: the TF-IDF score divided by the best text score among the candidates (0..1)
* sectors: shared sectors / sectors of the side asking (0..1)
* region: 1 if the solution serves the city's region, 0.5 if it does not say, else 0
* maturity: pilot 0.3, deployed 0.7, at scale 1.0 (a proven solution is a safer bet)
* esg: ESG dimensions the solution covers / 3

Weights come from settings.MATCH_WEIGHTS (documented in docs/concepts.md, "Matching").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

DEFAULT_WEIGHTS: Mapping[str, float] = {
    "text": 0.6,
    "sectors": 0.2,
    "region": 0.1,
    "maturity": 0.05,
    "esg": 0.05,
}
MATURITY_SCORES: Mapping[str, float] = {"pilot": 0.3, "deployed": 0.7, "at_scale": 1.0}
ALL_ESG_DIMENSIONS = 3


@dataclass(frozen=True)
class Profile:
    """What the asking side brings: its sectors and, for a city, its region."""

    sectors: frozenset[str] = frozenset()
    region: str = ""


@dataclass(frozen=True)
class Candidate:
    doc_id: str
    text_score: float
    sectors: frozenset[str] = frozenset()
    regions_served: frozenset[str] = frozenset()
    maturity: str = ""
    esg: frozenset[str] = frozenset()
    region: str = ""  # a need's city region, when the candidate is a need


@dataclass(frozen=True)
class Scored:
    doc_id: str
    score: float
    components: dict[str, float] = field(default_factory=dict)
    shared_sectors: tuple[str, ...] = ()


def _region_component(regions_served: frozenset[str], region: str) -> float:
    if not region:
        return 0.0
    if not regions_served:
        return 0.5
    return 1.0 if region in regions_served else 0.0


def combine(
    *, profile: Profile, candidates: Iterable[Candidate], weights: Mapping[str, float] = DEFAULT_WEIGHTS
) -> list[Scored]:
    """Candidates re-scored with the structured signals, best first (ties by doc_id)."""
    pool = list(candidates)
    best_text = max((c.text_score for c in pool), default=0.0) or 1.0
    scored = []
    for candidate in pool:
        shared = profile.sectors & candidate.sectors
        components = {
            "text": candidate.text_score / best_text,
            "sectors": len(shared) / len(profile.sectors) if profile.sectors else 0.0,
            "region": _region_component(candidate.regions_served, profile.region or candidate.region),
            "maturity": MATURITY_SCORES.get(candidate.maturity, 0.0),
            "esg": len(candidate.esg) / ALL_ESG_DIMENSIONS,
        }
        score = sum(weights.get(name, 0.0) * value for name, value in components.items())
        scored.append(Scored(candidate.doc_id, round(score, 6), components, tuple(sorted(shared))))
    return sorted(scored, key=lambda s: (-s.score, s.doc_id))
