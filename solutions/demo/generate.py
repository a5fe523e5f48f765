"""Building the demo catalogue from the word lists: `demo_providers` and `demo_solutions` turn
(seed, index) into `DemoProvider` and `DemoSolution` rows by filling the templates with slots drawn
from the sector and shared vocabularies. Pure: saving the rows is `generate_demo_catalogue`'s job."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import models
from django.utils.text import slugify

from accounts.enums import Kind, Region
from solutions.demo.languages import DemoText, demo_language_plan
from solutions.demo.places import CITY_POOL, COUNTRY_POOL, REGION_LANGUAGES, REGION_POOL
from solutions.demo.sampling import Pool
from solutions.demo.sectors import SECTOR_POOL, VOCABULARY, SectorVocabulary
from solutions.demo.templates import (
    EXTRA_SENTENCE_POOLS,
    NUMBER_SLOTS,
    PROBLEM_SENTENCES,
    SENTENCE_POOLS,
    SUMMARY_ADDITIONS,
    SUMMARY_TEMPLATES,
    TITLE_TEMPLATES,
)
from solutions.demo.vocabulary import (
    ADJECTIVES,
    BRAND_PREFIXES,
    BRAND_SUFFIXES,
    COMPANY_WORDS,
    FEATURES,
    LANGUAGE_NAMES,
    PLACES,
    PRICING_PHRASES,
    PRICING_POOL,
    PRODUCT_MARKS,
    STANDARDS,
    SYSTEMS,
    TECH,
    TECH_TAGS,
)
from solutions.enums import EsgDimension, Maturity, SolutionStatus

DEMO_NAME_SUFFIX = " (demo)"
DESCRIPTION_MIN_WORDS = 40
DESCRIPTION_MAX_WORDS = 150
PUBLISHED_SHARE = 0.9  # the rest are drafts
MATURITY_WEIGHTS = ((Maturity.PILOT, 35), (Maturity.DEPLOYED, 45), (Maturity.AT_SCALE, 20))
KIND_WEIGHTS = ((Kind.STARTUP, 40), (Kind.SME, 45), (Kind.MNC, 15))
EMPLOYEES = {Kind.STARTUP: (2, 49), Kind.SME: (10, 249), Kind.MNC: (1000, 300_000)}
CATALOGUE_START = datetime(2021, 1, 1, tzinfo=UTC)
CATALOGUE_MINUTES = 5 * 365 * 24 * 60


@dataclass(frozen=True)
class DemoProvider:
    index: int
    name: str
    slug: str
    kind: str
    country: str
    region: str
    employee_count: int
    website: str
    description: str
    focus_sector: str  # most of its solutions are in this sector (not stored: organisations have no sector)


@dataclass(frozen=True)
class DemoSolution:
    index: int
    provider_index: int  # position in the `providers` sequence given to demo_solutions()
    title: str
    slug: str
    summary: str
    description: str
    sectors: list[str]
    tags: list[str]
    esg_dimensions: list[str]
    maturity: str
    regions_served: list[str]
    languages: list[str]
    pricing_model: str
    status: str
    published_at: datetime | None
    # 20 % of rows are written in another language or carry a translation (solutions.demo.languages).
    original_language: str = "en"
    translation: DemoText | None = None


def _weighted(rng: random.Random, pairs: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ordered(values: Collection[str], enum: type[models.TextChoices]) -> list[str]:
    return [value for value in enum.values if value in values]


# Names: an affine bijection of the index over prefix x suffix x company word, so every index below
# NAME_SPACE gets a distinct name, independent of the seed.
NAME_SPACE = len(BRAND_PREFIXES) * len(BRAND_SUFFIXES) * len(COMPANY_WORDS)
NAME_STEP = next(step for step in range(7919, NAME_SPACE) if math.gcd(step, NAME_SPACE) == 1)


def demo_provider_name(index: int) -> str:
    """A distinct company name for every index, marked as demo: "Voltwise Systems (demo)"."""
    code = (index * NAME_STEP + 12345) % NAME_SPACE
    code, word = divmod(code, len(COMPANY_WORDS))
    prefix, suffix = divmod(code, len(BRAND_SUFFIXES))
    name = f"{BRAND_PREFIXES[prefix]}{BRAND_SUFFIXES[suffix]} {COMPANY_WORDS[word]}"
    if index >= NAME_SPACE:
        name += f" {index // NAME_SPACE + 1}"
    return name + DEMO_NAME_SUFFIX


def demo_providers(*, count: int, seed: int, start: int = 0) -> list[DemoProvider]:
    """`count` demo providers with indexes start, start + 1, ... (names and slugs unique per index)."""
    providers = []
    for index in range(start, start + count):
        rng = random.Random(f"{seed}/provider/{index}")  # noqa: S311 -- demo data, not secrets
        name = demo_provider_name(index)
        kind = _weighted(rng, KIND_WEIGHTS)
        low, high = EMPLOYEES[kind]
        employees = int(math.exp(rng.uniform(math.log(low), math.log(high))))
        country, region = COUNTRY_POOL.pick(rng)
        sector = SECTOR_POOL.pick(rng)
        vocabulary = VOCABULARY[sector]
        base = slugify(name.removesuffix(DEMO_NAME_SUFFIX))
        offerings = vocabulary.offerings.pick_distinct(rng, 2)
        description = (
            f"{name.removesuffix(DEMO_NAME_SUFFIX)} is a fictitious {Kind(kind).label.lower()} made up for "
            f"the demo catalogue. It offers {' and '.join(offerings)} to {vocabulary.users.pick(rng)} "
            f"in {PLACES.pick(rng)}."
        )
        providers.append(
            DemoProvider(
                index=index,
                name=name,
                slug=f"demo-{base}-{index + 1}",
                kind=str(kind),
                country=country,
                region=str(region),
                employee_count=max(low, min(high, employees)),
                website=f"https://{base}.example",
                description=description,
                focus_sector=str(sector),
            )
        )
    return providers


class _Slots(dict):
    """Template slots filled on first use; "{Slot}" is "{slot}" capitalised, "{tech2}" differs from "{tech}".

    `identity` slots (brand, offering, main problem...) are fixed for the whole solution; the others
    are drawn afresh for every sentence from the solution's sector vocabulary and the shared pools.
    """

    def __init__(self, rng: random.Random, vocabulary: SectorVocabulary, identity: dict[str, str]) -> None:
        super().__init__(identity)
        self.rng = rng
        self.vocabulary = vocabulary
        self.pools = {
            "offering": vocabulary.offerings, "problem": vocabulary.problems, "assets": vocabulary.assets,
            "users": vocabulary.users, "outcome": vocabulary.outcomes, "tech": TECH, "adjective": ADJECTIVES,
            "feature": FEATURES, "standard": STANDARDS, "system": SYSTEMS, "places": PLACES,
            "mark": PRODUCT_MARKS,
        }  # fmt: skip

    def __missing__(self, key: str) -> str:
        value = _capitalise(self[key[:1].lower() + key[1:]]) if key[:1].isupper() else self._draw(key)
        self[key] = value
        return value

    def _draw(self, key: str) -> str:
        base = key.rstrip("0123456789")
        if base != key:
            taken = {self[base], *(self[f"{base}{n}"] for n in range(2, int(key[len(base) :])))}
            value = self._draw(base)
            for _ in range(12):
                if value not in taken:
                    break
                value = self._draw(base)
            return value
        if base in self.pools:
            return str(self.pools[base].pick(self.rng))
        if base == "city":
            return str(CITY_POOL.pick(self.rng)[0])
        if base == "asset_one":
            return _singular(self["assets"])
        low, high = NUMBER_SLOTS[base]
        return str(self.rng.randint(low, high))


AN_BEFORE_VOWEL = re.compile(r"\b([Aa]) (?=[aeioAEIO])")


def _singular(noun: str) -> str:
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    if noun.endswith("sses"):
        return noun[:-2]
    return noun.removesuffix("s")


def _fill(template: str, slots: _Slots) -> str:
    return AN_BEFORE_VOWEL.sub(r"\1n ", template.format_map(slots))


def _description(rng: random.Random, vocabulary: SectorVocabulary, identity: dict[str, str]) -> str:
    """40-150 words: a problem, then (mostly) approach, features, evidence, integration, delivery, then
    more approach/evidence sentences until the row's target length."""
    target = rng.randint(DESCRIPTION_MIN_WORDS, DESCRIPTION_MAX_WORDS)
    plan = [pool for pool in SENTENCE_POOLS if pool is PROBLEM_SENTENCES or rng.random() < 0.8]
    sentences: list[str] = []
    used: set[str] = set()
    words = 0
    for _ in range(60):
        if words >= target:
            break
        pool = plan.pop(0) if plan else EXTRA_SENTENCE_POOLS.pick(rng)
        template = pool.pick(rng)
        if template in used:
            continue
        sentence = _fill(template, _Slots(rng, vocabulary, identity))
        length = len(sentence.split())
        if words + length > DESCRIPTION_MAX_WORDS:
            continue
        used.add(template)
        sentences.append(sentence)
        words += length
    return " ".join(sentences)


def demo_solutions(
    *, count: int, providers: Sequence[DemoProvider], seed: int, start: int = 0
) -> Iterator[DemoSolution]:
    """`count` demo solutions with indexes start, start + 1, ..., spread over `providers` (a few list
    many solutions, most a handful). Row `index` depends only on seed, index and the providers."""
    if count > 0 and not providers:
        raise ValueError("Demo solutions need at least one demo provider.")
    provider_pool = Pool(range(len(providers)), exponent=0.5)
    for index in range(start, start + count):
        rng = random.Random(f"{seed}/solution/{index}")  # noqa: S311 -- demo data, not secrets
        solution = _demo_solution(rng, index, providers, provider_pool)
        brand = providers[solution.provider_index].name.split()[0]
        plan = demo_language_plan(seed=seed, index=index, brand=brand)
        if plan is not None:
            original = plan.original
            solution = replace(
                solution,
                title=original.title,
                slug=f"{slugify(original.title)[:190].rstrip('-') or 'solution'}-demo-{index + 1}",
                summary=original.summary,
                description=original.description,
                original_language=original.language,
                translation=plan.translation,
                languages=list(dict.fromkeys([*solution.languages, original.language])),
            )
        yield solution


def _demo_solution(
    rng: random.Random, index: int, providers: Sequence[DemoProvider], provider_pool: Pool
) -> DemoSolution:
    provider_index = provider_pool.pick(rng)
    provider = providers[provider_index]
    sectors = [provider.focus_sector if rng.random() < 0.6 else str(SECTOR_POOL.pick(rng))]
    sectors += SECTOR_POOL.pick_distinct(rng, _weighted(rng, ((0, 50), (1, 35), (2, 15))), exclude=sectors)
    vocabulary = VOCABULARY[sectors[0]]
    # Half the products carry the company's brand ("Voltwise"), half a brand of their own.
    brand = (
        provider.name.split()[0]
        if rng.random() < 0.5
        else rng.choice(BRAND_PREFIXES) + rng.choice(BRAND_SUFFIXES)
    )
    pricing_model = PRICING_POOL.pick(rng)
    regions = _ordered([provider.region, *REGION_POOL.pick_distinct(rng, rng.randint(0, 3))], Region)
    languages = ["en"] if rng.random() < 0.85 else []
    languages += [rng.choice(REGION_LANGUAGES[region]) for region in regions if rng.random() < 0.3]
    languages = list(dict.fromkeys(languages)) or ["en"]

    identity = {"brand": brand, "pricing_phrase": PRICING_PHRASES.get(pricing_model, "quoted per city")}
    first = _Slots(rng, vocabulary, identity)
    identity |= {key: first[key] for key in ("offering", "problem", "assets", "users")}
    identity["language_name"] = LANGUAGE_NAMES.get(languages[-1], "English")
    heading = _Slots(rng, vocabulary, identity)  # title and summary share their slots
    title = _capitalise(_fill(TITLE_TEMPLATES.pick(rng), heading))[:200]
    summary = _capitalise(_fill(SUMMARY_TEMPLATES.pick(rng) + SUMMARY_ADDITIONS.pick(rng), heading))[:500]
    description = _description(rng, vocabulary, identity)

    esg = {VOCABULARY[sector].esg for sector in sectors}
    if rng.random() < 0.3:
        esg.add(rng.choice(EsgDimension.values))
    tag_count = _weighted(rng, ((0, 10), (1, 15), (2, 25), (3, 25), (4, 15), (5, 10)))
    tags = vocabulary.tags.pick_distinct(rng, (tag_count + 1) // 2)
    tags += TECH_TAGS.pick_distinct(rng, tag_count - len(tags), exclude=tags)
    published = rng.random() < PUBLISHED_SHARE
    published_at = CATALOGUE_START + timedelta(minutes=rng.randrange(CATALOGUE_MINUTES))
    return DemoSolution(
        index=index,
        provider_index=provider_index,
        title=title,
        slug=f"{slugify(title)[:190].rstrip('-')}-demo-{index + 1}",
        summary=summary,
        description=description,
        sectors=[str(sector) for sector in sectors],
        tags=tags,
        esg_dimensions=_ordered(esg, EsgDimension),
        maturity=str(_weighted(rng, MATURITY_WEIGHTS)),
        regions_served=regions,
        languages=languages,
        pricing_model=str(pricing_model),
        status=str(SolutionStatus.PUBLISHED if published else SolutionStatus.DRAFT),
        published_at=published_at if published else None,
    )
