"""A demo catalogue: realistic smart-city solutions and their (fictitious) providers. Pure: no ORM.

Used by `manage.py generate_demo_catalogue` and the search benchmark (`bench/search.py`) to fill
the catalogue with tens of thousands of rows whose text behaves like a real catalogue's: English
titles, summaries and 40-150-word descriptions composed from sentence templates and per-sector
vocabularies. Every vocabulary list is ordered from common to rare and sampled with Zipf weights,
and product names are coined from syllables, so a few words are very common and many are rare —
the shape full-text search statistics (`SearchTerm`) see in practice.

Deterministic: row `index` of seed `seed` is always the same, whatever else is generated, because
each row draws from its own `random.Random` seeded by (seed, index). Provider names depend on the
index only, so runs with different seeds or offsets never produce the same name twice.
"""

from __future__ import annotations

import bisect
import math
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.utils.text import slugify

from accounts.enums import Kind, Region
from solutions.enums import EsgDimension, Maturity, PricingModel, Sector, SolutionStatus

DEMO_SOURCE = "demo"  # Organisation.source of demo providers
DEMO_NAME_SUFFIX = " (demo)"
DESCRIPTION_MIN_WORDS = 40
DESCRIPTION_MAX_WORDS = 150
PUBLISHED_SHARE = 0.9  # the rest are drafts


class Pool:
    """Items sampled with Zipf weights 1/rank**exponent: the first items are common, the last rare."""

    def __init__(self, items: Sequence[Any], exponent: float = 1.0) -> None:
        self.items = tuple(items)
        total, cumulative = 0.0, []
        for rank in range(1, len(self.items) + 1):
            total += 1.0 / rank**exponent
            cumulative.append(total)
        self.cumulative = cumulative
        self.total = total
        self.last = len(self.items) - 1

    def pick(self, rng: random.Random) -> Any:
        # What rng.choices(cum_weights=...) does, without its per-call set-up (this runs ~50 times a row).
        return self.items[min(bisect.bisect(self.cumulative, rng.random() * self.total), self.last)]

    def pick_distinct(self, rng: random.Random, k: int, exclude: Sequence[Any] = ()) -> list[Any]:
        chosen: list[Any] = []
        for _ in range(k * 8):
            if len(chosen) == k:
                break
            item = self.pick(rng)
            if item not in chosen and item not in exclude:
                chosen.append(item)
        return chosen


# --- Places: the association's real members (accounts/data/members_2023.txt) -------------------

CITIES: tuple[tuple[str, str, str], ...] = (
    ("Seoul", "KR", Region.ASIA_PACIFIC), ("Jakarta", "ID", Region.ASIA_PACIFIC),
    ("Mexico City", "MX", Region.AMERICAS), ("Nairobi", "KE", Region.AFRICA),
    ("Paris", "FR", Region.EUROPE), ("Ulaanbaatar", "MN", Region.ASIA_PACIFIC),
    ("Kigali", "RW", Region.AFRICA), ("Berlin", "DE", Region.EUROPE),
    ("Bangkok", "TH", Region.ASIA_PACIFIC), ("Lima", "PE", Region.AMERICAS),
    ("Tehran", "IR", Region.MENA), ("Kathmandu", "NP", Region.ASIA_PACIFIC),
    ("São Paulo", "BR", Region.AMERICAS), ("Moscow", "RU", Region.EUROPE),
    ("Addis Ababa", "ET", Region.AFRICA), ("Manila", "PH", Region.ASIA_PACIFIC),
    ("Brussels", "BE", Region.EUROPE), ("Rotterdam", "NL", Region.EUROPE),
    ("Abu Dhabi", "AE", Region.MENA), ("Accra", "GH", Region.AFRICA),
    ("Ankara", "TR", Region.EUROPE), ("Tashkent", "UZ", Region.ASIA_PACIFIC),
    ("Almaty", "KZ", Region.ASIA_PACIFIC), ("Bandung", "ID", Region.ASIA_PACIFIC),
    ("Pittsburgh", "US", Region.AMERICAS), ("San Francisco", "US", Region.AMERICAS),
    ("Dakar", "SN", Region.AFRICA), ("Kampala", "UG", Region.AFRICA),
    ("Tunis", "TN", Region.MENA), ("Rabat", "MA", Region.MENA),
    ("Muscat", "OM", Region.MENA), ("Da Nang", "VN", Region.ASIA_PACIFIC),
    ("Ha Noi", "VN", Region.ASIA_PACIFIC), ("Chengdu", "CN", Region.ASIA_PACIFIC),
    ("Ningbo", "CN", Region.ASIA_PACIFIC), ("Frankfurt", "DE", Region.EUROPE),
    ("Bucharest", "RO", Region.EUROPE), ("Minsk", "BY", Region.EUROPE),
    ("Porto Alegre", "BR", Region.AMERICAS), ("Cuenca", "EC", Region.AMERICAS),
    ("Cusco", "PE", Region.AMERICAS), ("Asunción", "PY", Region.AMERICAS),
    ("Caracas", "VE", Region.AMERICAS), ("Harare", "ZW", Region.AFRICA),
    ("Maputo", "MZ", Region.AFRICA), ("Dar es Salaam", "TZ", Region.AFRICA),
    ("Tshwane", "ZA", Region.AFRICA), ("Abuja", "NG", Region.AFRICA),
    ("Erbil", "IQ", Region.MENA), ("Isfahan", "IR", Region.MENA),
    ("Shiraz", "IR", Region.MENA), ("Tabriz", "IR", Region.MENA),
    ("Ramallah", "PS", Region.MENA), ("Hebron", "PS", Region.MENA),
    ("Gaziantep", "TR", Region.EUROPE), ("Antakya", "TR", Region.EUROPE),
    ("Malatya", "TR", Region.EUROPE), ("Beyoğlu", "TR", Region.EUROPE),
    ("Vladivostok", "RU", Region.EUROPE), ("Baku", "AZ", Region.ASIA_PACIFIC),
    ("Bishkek", "KG", Region.ASIA_PACIFIC), ("Astana", "KZ", Region.ASIA_PACIFIC),
    ("Dhaka North", "BD", Region.ASIA_PACIFIC), ("Rajshahi City", "BD", Region.ASIA_PACIFIC),
    ("Islamabad", "PK", Region.ASIA_PACIFIC), ("Peshawar", "PK", Region.ASIA_PACIFIC),
    ("Suva", "FJ", Region.ASIA_PACIFIC), ("Agra", "IN", Region.ASIA_PACIFIC),
    ("Wellington", "NZ", Region.ASIA_PACIFIC), ("Ryde", "AU", Region.ASIA_PACIFIC),
    ("Goyang", "KR", Region.ASIA_PACIFIC), ("Seongnam", "KR", Region.ASIA_PACIFIC),
    ("Sejong", "KR", Region.ASIA_PACIFIC), ("Jeju", "KR", Region.ASIA_PACIFIC),
    ("Anyang", "KR", Region.ASIA_PACIFIC), ("Gimpo", "KR", Region.ASIA_PACIFIC),
    ("Makati", "PH", Region.ASIA_PACIFIC), ("Quezon City", "PH", Region.ASIA_PACIFIC),
    ("Baguio", "PH", Region.ASIA_PACIFIC), ("Penang Island", "MY", Region.ASIA_PACIFIC),
    ("Pokhara", "NP", Region.ASIA_PACIFIC), ("Dharan", "NP", Region.ASIA_PACIFIC),
    ("Bharatpur", "NP", Region.ASIA_PACIFIC), ("Galle", "LK", Region.ASIA_PACIFIC),
    ("Batam", "ID", Region.ASIA_PACIFIC), ("Erdenet", "MN", Region.ASIA_PACIFIC),
    ("Thua Thien Hue", "VN", Region.ASIA_PACIFIC), ("Chirchik", "UZ", Region.ASIA_PACIFIC),
    ("Calabar", "NG", Region.AFRICA), ("Kaduna State", "NG", Region.AFRICA),
    ("Kasama", "ZM", Region.AFRICA), ("Batibo", "CM", Region.AFRICA),
    ("La Marsa", "TN", Region.MENA), ("Coatzacoalcos", "MX", Region.AMERICAS),
    ("Urubamba", "PE", Region.AMERICAS), ("Villa Tapia", "DO", Region.AMERICAS),
    ("San Antonio de Areco", "AR", Region.AMERICAS), ("Dujiangyan", "CN", Region.ASIA_PACIFIC),
    ("Dhulikhel", "NP", Region.ASIA_PACIFIC), ("Sainshand", "MN", Region.ASIA_PACIFIC),
)  # fmt: skip
CITY_POOL = Pool(CITIES, exponent=0.8)

# Where demo providers are registered: member countries and a few technology hubs.
PROVIDER_COUNTRIES: tuple[tuple[str, str], ...] = (
    ("KR", Region.ASIA_PACIFIC), ("US", Region.AMERICAS), ("DE", Region.EUROPE), ("FR", Region.EUROPE),
    ("NL", Region.EUROPE), ("GB", Region.EUROPE), ("JP", Region.ASIA_PACIFIC), ("CN", Region.ASIA_PACIFIC),
    ("IN", Region.ASIA_PACIFIC), ("SG", Region.ASIA_PACIFIC), ("KE", Region.AFRICA), ("NG", Region.AFRICA),
    ("AE", Region.MENA), ("BR", Region.AMERICAS), ("ID", Region.ASIA_PACIFIC), ("MX", Region.AMERICAS),
    ("RW", Region.AFRICA), ("ZA", Region.AFRICA), ("TR", Region.EUROPE), ("ES", Region.EUROPE),
    ("CH", Region.EUROPE), ("BE", Region.EUROPE), ("MA", Region.MENA), ("TN", Region.MENA),
    ("VN", Region.ASIA_PACIFIC), ("PH", Region.ASIA_PACIFIC), ("GH", Region.AFRICA), ("PE", Region.AMERICAS),
    ("MN", Region.ASIA_PACIFIC), ("AU", Region.ASIA_PACIFIC), ("FI", Region.EUROPE), ("EE", Region.EUROPE),
)  # fmt: skip
COUNTRY_POOL = Pool(PROVIDER_COUNTRIES, exponent=0.9)

REGION_LANGUAGES: dict[str, tuple[str, ...]] = {
    Region.AFRICA: ("fr", "sw", "pt", "am", "rw", "ha"),
    Region.EUROPE: ("fr", "de", "es", "nl", "tr", "ru", "ro"),
    Region.MENA: ("ar", "fr", "fa", "ku"),
    Region.AMERICAS: ("es", "pt"),
    Region.ASIA_PACIFIC: ("ko", "zh", "ja", "id", "vi", "th", "mn", "ne", "ms", "tl", "hi", "uz"),
}

# --- Shared vocabulary, common first ------------------------------------------------------------

TECH = Pool((
    "IoT sensors", "AI", "a mobile app", "a cloud platform", "real-time analytics", "machine learning",
    "a digital twin", "open data", "computer vision", "GIS mapping", "LoRaWAN", "5G", "edge computing",
    "predictive analytics", "smart meters", "a citizen app", "drones", "satellite imagery", "NB-IoT",
    "a chatbot", "blockchain", "low-code workflows", "natural language processing", "RFID tags",
    "lidar", "acoustic sensors", "thermal cameras", "BIM models", "a 3D city model", "QR codes",
    "SMS alerts", "WhatsApp messaging", "federated learning", "digital identity", "augmented reality",
    "virtual reality", "CCTV analytics", "Bluetooth beacons", "mesh networking", "Sigfox",
    "geofencing", "reinforcement learning", "large language models", "optical fibre sensing",
    "ultrasonic level sensors", "hyperspectral imaging", "graph databases", "zero-knowledge proofs",
))  # fmt: skip
ADJECTIVES = Pool((
    "real-time", "scalable", "low-cost", "cloud-based", "modular", "data-driven", "open-source",
    "AI-powered", "citizen-centred", "interoperable", "secure", "energy-efficient", "mobile-first",
    "privacy-preserving", "affordable", "multilingual", "end-to-end", "plug-and-play", "resilient",
    "award-winning", "solar-powered", "offline-capable", "vendor-neutral", "battery-free", "ruggedised",
))  # fmt: skip
FEATURES = Pool((
    "role-based dashboards", "automated alerts", "open APIs", "custom reports", "map layers",
    "a citizen reporting portal", "SMS notifications", "offline mode", "single sign-on",
    "scenario simulation", "data export in open formats", "a multilingual interface",
    "GDPR-compliant data handling", "audit trails", "anomaly detection", "KPI tracking",
    "work-order management", "budget forecasting", "accessibility for screen readers",
    "a public transparency page", "two-factor authentication", "automatic translation",
    "historical trend analysis", "integration with payment gateways", "voice interfaces",
))  # fmt: skip
STANDARDS = Pool((
    "FIWARE", "NGSI-LD", "ISO 37120", "OGC", "GTFS", "ISO 27001", "OCPP", "DATEX II", "CityGML",
    "ISO 37122", "OASC MIMs", "IEC 61850", "HL7 FHIR", "INSPIRE", "Open311",
))  # fmt: skip
SYSTEMS = Pool((
    "GIS platforms", "ERP systems", "SCADA systems", "call centres", "city data platforms",
    "traffic management centres", "emergency dispatch systems", "billing systems", "asset registers",
    "permit systems", "open data portals", "smart city operations centres",
))  # fmt: skip
PLACES = Pool((
    "dense urban districts", "historic city centres", "rapidly growing cities", "secondary cities",
    "coastal cities", "metropolitan areas", "informal settlements", "new towns", "mountain towns",
    "university campuses", "industrial zones", "island communities", "rural municipalities",
    "port cities", "desert cities", "river deltas", "tourist destinations", "heritage districts",
))  # fmt: skip
BRAND_PREFIXES = (
    "Urban", "Civic", "Metro", "Eco", "Aqua", "Volt", "Geo", "Flow", "Terra", "Nova", "Sky", "Blue",
    "Green", "Pulse", "Grid", "Hydro", "Sol", "Safe", "Medi", "Edu", "Cita", "Polis", "Kiri", "Neo",
    "Omni", "Opti", "Sense", "Swift", "Vita", "Zen", "Lumi", "Astra", "Core", "Data", "Link", "Loop",
    "Mesh", "Orbit", "Quanta", "Rain", "River", "Route", "Sentri", "Signal", "Spark", "Tide", "Track",
    "Wave", "Ardi", "Bora", "Cedar", "Delta", "Ember", "Fjord", "Hana", "Iris", "Juno", "Kora", "Mira",
    "Nimbu", "Onda", "Pax", "Sora", "Tala", "Umi", "Vero", "Yuna", "Zephy",
)  # fmt: skip
BRAND_SUFFIXES = (
    "sense", "flow", "hub", "wise", "grid", "loop", "lab", "ify", "sync", "nest", "path", "scope",
    "ware", "link", "mind", "view", "works", "net", "verse", "bit", "cast", "form", "gate", "ion",
    "ara", "eon", "ix", "ora", "ly", "io", "on", "um",
)  # fmt: skip
COMPANY_WORDS = (
    "Technologies", "Systems", "Labs", "Solutions", "Analytics", "Mobility", "Networks", "Digital",
    "Innovations", "Software", "Robotics", "Energy", "Water", "Health", "Urban Tech", "Data", "Group",
    "Ventures", "Engineering", "Sensing", "AI", "Cloud", "Works", "Dynamics",
)  # fmt: skip
PRODUCT_MARKS = Pool(("", " Pro", " 360", " One", " X", " Go", " Plus", " Live", " Edge", " Cloud", " Lite"))


@dataclass(frozen=True)
class SectorVocabulary:
    offerings: Pool  # what the solution is, e.g. "adaptive traffic signal control"
    problems: Pool  # what the city suffers from
    assets: Pool  # what is instrumented or managed
    users: Pool  # who uses it
    outcomes: Pool  # what goes down (plural nouns read after "fewer"/"less")
    tags: Pool
    esg: str  # the dimension this sector mostly serves


def _vocabulary(esg: str, **lists: str) -> SectorVocabulary:
    """Each list is one "; "-separated string, common items first."""
    return SectorVocabulary(esg=esg, **{name: Pool(text.split("; ")) for name, text in lists.items()})


VOCABULARY: dict[str, SectorVocabulary] = {
    Sector.MOBILITY: _vocabulary(
        EsgDimension.ENVIRONMENTAL,
        offerings=(
            "smart parking guidance; adaptive traffic signal control; demand-responsive transit; "
            "multimodal journey planning; bike-sharing management; traffic flow prediction; public "
            "transport ticketing; curbside management; EV charging management; fleet electrification "
            "planning; micromobility fleet management; road condition monitoring; bus priority at "
            "junctions; ride-pooling; freight delivery consolidation; safe routes to school; "
            "park-and-ride optimisation; congestion charging; autonomous shuttle operations; "
            "paratransit booking"
        ),
        problems=(
            "traffic congestion; parking shortages; long commute times; road accidents; vehicle "
            "emissions; illegal parking; unreliable bus services; last-mile delivery traffic; crowded "
            "buses at peak hours; poor transit coverage in suburbs; potholes; dangerous crossings near "
            "schools; gridlock after events; taxi oversupply"
        ),
        assets=(
            "intersections; parking spaces; bus lanes; bike lanes; bus stops; charging points; arterial"
            " roads; loading bays; school zones; train stations; ferry terminals; bridges"
        ),
        users=(
            "commuters; transit agencies; traffic engineers; drivers; cyclists; pedestrians; delivery "
            "operators; fleet managers; tourists; wheelchair users"
        ),
        outcomes="delays; traffic jams; collisions; empty bus kilometres; idle hours; missed connections",
        tags=(
            "traffic; parking; public transport; micromobility; ev charging; maas; road safety; "
            "logistics; autonomous vehicles; ticketing"
        ),
    ),
    Sector.SAFETY: _vocabulary(
        EsgDimension.SOCIAL,
        offerings=(
            "emergency response coordination; smart street lighting; gunshot detection; crowd "
            "monitoring; disaster early warning; wildfire detection; flood alerting; earthquake early "
            "warning; incident reporting; video analytics for public spaces; women's safety alerts; "
            "structural health monitoring; evacuation planning; fire hydrant monitoring; lost child "
            "finder"
        ),
        problems=(
            "slow emergency response; street crime; unlit streets; flash floods; wildfires; landslides;"
            " overcrowding at events; earthquake risk; harassment on public transport; building "
            "collapses; heatwaves; false alarms"
        ),
        assets=(
            "streetlights; public squares; underpasses; stadiums; slopes; bridges; fire stations; "
            "shelters; markets; metro platforms"
        ),
        users=(
            "first responders; police; fire brigades; civil protection teams; residents; event "
            "organisers; night-shift workers; building inspectors"
        ),
        outcomes="response times; incidents; casualties; false alarms; blackspots",
        tags=(
            "public safety; disaster risk; early warning; emergency; lighting; resilience; video "
            "analytics; crowd management"
        ),
    ),
    Sector.WELFARE: _vocabulary(
        EsgDimension.SOCIAL,
        offerings=(
            "social benefit eligibility checking; care coordination for older people; homelessness case"
            " management; food bank logistics; affordable housing allocation; loneliness prevention; "
            "disability services booking; community volunteering; child protection case tracking; "
            "welfare payments; refugee integration support; home care scheduling; energy poverty "
            "assistance"
        ),
        problems=(
            "ageing population; social isolation; homelessness; energy poverty; food insecurity; low "
            "benefit uptake; long waiting lists for housing; fragmented care services; digital "
            "exclusion; youth unemployment; poor housing conditions"
        ),
        assets="care homes; community centres; social housing; day centres; food banks; shelters",
        users=(
            "social workers; carers; older residents; families; case managers; volunteers; people with "
            "disabilities; migrants"
        ),
        outcomes="missed visits; unclaimed benefits; hospital readmissions; evictions; waiting days",
        tags="social care; ageing; housing; inclusion; benefits; volunteering; poverty",
    ),
    Sector.ENVIRONMENT: _vocabulary(
        EsgDimension.ENVIRONMENTAL,
        offerings=(
            "air quality monitoring; urban heat mapping; tree canopy management; noise monitoring; "
            "carbon accounting for cities; green roof planning; biodiversity monitoring; climate risk "
            "assessment; pollen forecasting; soil health monitoring; urban farming; emissions "
            "inventory; nature-based solutions planning; river pollution tracking; low-emission zone "
            "enforcement"
        ),
        problems=(
            "air pollution; urban heat islands; noise pollution; loss of green space; greenhouse gas "
            "emissions; smog; dust storms; biodiversity loss; climate change; polluted rivers; invasive"
            " species; deforestation"
        ),
        assets="parks; street trees; rooftops; rivers; wetlands; green corridors; monitoring stations",
        users="environmental officers; urban planners; residents; schools; climate teams; researchers",
        outcomes="emissions; pollution peaks; heat-related illnesses; complaints; exceedance days",
        tags=(
            "air quality; climate; net zero; biodiversity; green infrastructure; noise; heat; carbon; "
            "sustainability; esg reporting"
        ),
    ),
    Sector.CULTURE: _vocabulary(
        EsgDimension.SOCIAL,
        offerings=(
            "digital museum guides; heritage site digitisation; event ticketing; visitor flow "
            "management; virtual tours; public library services; city festival apps; cultural "
            "participation analytics; audio walking tours; heritage building monitoring"
        ),
        problems=(
            "overtourism; declining museum attendance; damage to heritage sites; unequal access to "
            "culture; crowded attractions; loss of intangible heritage"
        ),
        assets="museums; heritage sites; libraries; theatres; monuments; festivals",
        users="visitors; curators; tourism offices; artists; librarians; tour guides",
        outcomes="queues; damage incidents; unsold tickets; peak crowds",
        tags="tourism; heritage; museums; events; creative industries; libraries",
    ),
    Sector.GOVERNANCE: _vocabulary(
        EsgDimension.GOVERNANCE,
        offerings=(
            "participatory budgeting; e-permitting; open data publishing; digital public services; "
            "citizen feedback management; procurement transparency; tax collection; council meeting "
            "management; performance dashboards for mayors; land registry digitisation; e-voting for "
            "consultations; complaint handling; digital signatures for city services; anti-corruption "
            "analytics"
        ),
        problems=(
            "low citizen participation; paper-based processes; slow permit approvals; low tax "
            "collection; lack of transparency; corruption risk; siloed data; long queues at city hall; "
            "distrust in local government; informal land ownership"
        ),
        assets="service counters; permits; public records; budgets; procurement files; land parcels",
        users="civil servants; citizens; mayors; council members; auditors; businesses",
        outcomes="processing days; paper forms; unresolved complaints; revenue losses; visits to city hall",
        tags=(
            "e-government; open data; transparency; participation; govtech; procurement; digital "
            "services; civic tech"
        ),
    ),
    Sector.ENERGY: _vocabulary(
        EsgDimension.ENVIRONMENTAL,
        offerings=(
            "building energy management; rooftop solar planning; smart grid monitoring; district "
            "heating optimisation; demand response; public building retrofits; virtual power plants; "
            "microgrid control; energy performance contracting; peer-to-peer energy trading; battery "
            "storage management; streetlight dimming"
        ),
        problems=(
            "high energy bills; power outages; energy poverty; inefficient buildings; peak demand; "
            "dependence on diesel generators; grid congestion; energy waste"
        ),
        assets=(
            "public buildings; schools; rooftops; substations; heat networks; batteries; streetlights; "
            "hospitals"
        ),
        users="energy managers; facility managers; utilities; households; building owners",
        outcomes="kilowatt-hours wasted; outages; peak loads; carbon emissions; energy costs",
        tags="energy efficiency; solar; smart grid; renewables; storage; retrofit; heating",
    ),
    Sector.HEALTH: _vocabulary(
        EsgDimension.SOCIAL,
        offerings=(
            "telemedicine; epidemic surveillance; ambulance dispatch optimisation; remote patient "
            "monitoring; vaccination campaign management; mental health support; health data platforms;"
            " clinic appointment booking; medicine supply tracking; fall detection for older people; "
            "community health worker apps"
        ),
        problems=(
            "long waiting times; disease outbreaks; chronic disease; shortage of doctors; poor access "
            "to clinics; heat-related illness; mental health crises; medicine stock-outs"
        ),
        assets="clinics; hospitals; pharmacies; ambulances; care homes; health centres",
        users="patients; nurses; doctors; health officials; community health workers; caregivers",
        outcomes="emergency admissions; missed appointments; stock-outs; waiting hours",
        tags="health; telehealth; epidemiology; mental health; ehealth; ageing; wellbeing",
    ),
    Sector.EDUCATION: _vocabulary(
        EsgDimension.SOCIAL,
        offerings=(
            "digital learning platforms; school enrolment management; coding classes for youth; smart "
            "classrooms; adult digital skills training; school transport planning; learning analytics; "
            "teacher training; school meal management; library e-lending"
        ),
        problems=(
            "school dropouts; digital skills gaps; overcrowded classrooms; teacher shortages; learning "
            "loss; unequal access to education; youth unemployment"
        ),
        assets="schools; classrooms; libraries; training centres; universities",
        users="teachers; students; parents; school principals; trainers; job seekers",
        outcomes="dropouts; absences; empty seats; paperwork hours",
        tags="edtech; skills; schools; e-learning; youth; digital literacy",
    ),
    Sector.WATER: _vocabulary(
        EsgDimension.ENVIRONMENTAL,
        offerings=(
            "leak detection; smart water metering; flood forecasting; stormwater management; water "
            "quality monitoring; drainage network modelling; rainwater harvesting; wastewater treatment"
            " optimisation; pressure management; sewer overflow prevention; groundwater monitoring; "
            "drought planning"
        ),
        problems=(
            "flooding; water leaks; drought; water scarcity; non-revenue water; sewer overflows; "
            "contaminated drinking water; blocked drainage; saltwater intrusion; land subsidence"
        ),
        assets=(
            "water pipes; drainage channels; storm drains; reservoirs; pumping stations; sewers; "
            "rivers; water meters; treatment plants"
        ),
        users="water utilities; operators; households; engineers; farmers",
        outcomes="leaks; water losses; overflows; flooded streets; boil-water notices",
        tags="water; flooding; drainage; leakage; wastewater; stormwater; drought",
    ),
    Sector.WASTE: _vocabulary(
        EsgDimension.ENVIRONMENTAL,
        offerings=(
            "smart waste collection; bin fill-level monitoring; recycling incentives; illegal dumping "
            "detection; waste route optimisation; organic waste composting; construction waste "
            "tracking; deposit return schemes; circular economy marketplaces; waste-to-energy "
            "monitoring; e-waste collection"
        ),
        problems=(
            "illegal dumping; overflowing bins; low recycling rates; plastic waste; landfill pressure; "
            "food waste; littering; open burning of waste; marine litter"
        ),
        assets="bins; collection trucks; recycling centres; landfills; transfer stations; compost sites",
        users="waste collectors; sanitation departments; residents; recyclers; informal waste pickers",
        outcomes="collection trips; overflowing bins; tonnes landfilled; dumping hotspots; fuel costs",
        tags="waste; recycling; circular economy; plastic; composting; cleanliness",
    ),
    Sector.DIGITAL_INFRASTRUCTURE: _vocabulary(
        EsgDimension.GOVERNANCE,
        offerings=(
            "city data platforms; public Wi-Fi; IoT network deployment; smart poles; urban data hubs; "
            "cybersecurity for municipalities; digital twins of cities; fibre network planning; data "
            "centre consolidation; interoperable city APIs; 5G small cell siting; cloud migration for "
            "city services"
        ),
        problems=(
            "digital divide; cyberattacks; siloed data; poor connectivity; legacy IT systems; vendor "
            "lock-in; ransomware; data breaches"
        ),
        assets="data centres; fibre networks; smart poles; servers; wireless access points; APIs",
        users="city CIOs; IT departments; developers; data scientists; telecom operators",
        outcomes="outages; security incidents; integration costs; duplicate datasets",
        tags="connectivity; cybersecurity; data platform; interoperability; iot; cloud; digital twin",
    ),
}
REGION_POOL = Pool(Region.values, exponent=0.0)
SECTOR_POOL = Pool(
    (Sector.MOBILITY, Sector.ENVIRONMENT, Sector.ENERGY, Sector.GOVERNANCE, Sector.SAFETY, Sector.WATER,
     Sector.HEALTH, Sector.DIGITAL_INFRASTRUCTURE, Sector.WASTE, Sector.WELFARE, Sector.EDUCATION,
     Sector.CULTURE),
    exponent=0.6,
)  # fmt: skip
TECH_TAGS = Pool((
    "iot", "ai", "analytics", "platform", "app", "digital twin", "open data", "machine learning",
    "lorawan", "5g", "computer vision", "gis", "blockchain", "edge computing", "drones", "saas",
))  # fmt: skip

# --- Templates: {slot} draws from the solution's vocabulary; {Slot} is the same, capitalised ----

TITLE_TEMPLATES = Pool((
    "{Brand} {offering}",
    "{Offering} for {places}",
    "{Brand}: {tech} for {assets}",
    "{Brand}{mark}: {offering} for {places}",
    "{Adjective} {offering}",
    "{Offering} with {tech}",
    "{Brand}: the {offering} platform",
    "{Brand} {assets} monitor",
))  # fmt: skip
SUMMARY_TEMPLATES = Pool((
    "{Brand} helps {users} tackle {problem} with {tech} and {tech2}.",
    "A {adjective} {offering} solution that uses {tech} to reduce {outcome} in {places}.",
    "{Offering} built on {tech}: {users} cut {outcome} by up to {pct}%.",
    "{Brand} turns data from {assets} into decisions, so cities can act on {problem} early.",
    "A service for {offering} built on {tech}, designed for {places} and their {users}.",
    "{Adjective} {offering} for cities facing {problem} and {problem2}.",
))  # fmt: skip
SUMMARY_ADDITIONS = Pool((
    "",
    " Already running in {city} and {city2}.",
    " Deployed in {n} cities since {year}.",
    " Available as {pricing_phrase}.",
    " Works with existing {system}.",
))  # fmt: skip
PROBLEM_SENTENCES = Pool((
    "Many {places} struggle with {problem} and {problem2}.",
    "Dealing with {problem} costs cities time and money, and {users} feel it every day.",
    "In {city}, {users} saw {problem} getting worse as the population grew.",
    "Cities rarely have reliable data on {assets}, which makes {problem} hard to manage.",
    "{Problem} hits the poorest neighbourhoods first, where {users} have the fewest alternatives.",
    "Manual inspections of {assets} are slow, expensive and often too late to prevent {problem}.",
))  # fmt: skip
APPROACH_SENTENCES = Pool((
    "{Brand} combines {tech}, {tech2} and {tech3} to give {users} a live picture of {assets}.",
    "The {offering} service collects data from {assets} through {tech} and turns it into advice.",
    "A forecasting model fed by {tech} predicts {problem} hours ahead, so teams can act before it happens.",
    "{Users} receive {adjective} alerts on their phones and can assign tasks in one click.",
    "City staff see every {asset_one} on a map, with its history, status and priority.",
    "The platform ranks interventions by impact and cost, helping {users} spend limited budgets well.",
    "Residents can report {problem} with a photo, and the report is routed to the right department.",
    "{Tech} and {tech2} run at the edge, so the system keeps working when connectivity is poor.",
))  # fmt: skip
FEATURE_SENTENCES = Pool((
    "Features include {feature}, {feature2} and {feature3}.",
    "It offers {feature} and {feature2} out of the box.",
    "Key capabilities: {feature}, {feature2}, {feature3} and {feature4}.",
))  # fmt: skip
EVIDENCE_SENTENCES = Pool((
    "In a {months}-month pilot in {city}, {outcome} fell by {pct}%.",
    "{City} deployed it across {count} {assets} in {year}.",
    "Cities using it report a {pct}% drop in {outcome} within the first year.",
    "After the rollout in {city}, {users} saved an average of {hours} hours a week.",
    "The solution won a smart city award in {year} for its work in {city}.",
    "Since {year}, {city} and {city2} have used it to monitor more than {count} {assets}.",
))  # fmt: skip
INTEGRATION_SENTENCES = Pool((
    "It integrates with existing {system} and follows {standard} standards.",
    "Data stays in the city's ownership and can be published on its open data portal.",
    "Open APIs based on {standard} avoid vendor lock-in.",
    "It connects to {system} and {system2} without replacing them.",
))  # fmt: skip
DELIVERY_SENTENCES = Pool((
    "Deployment takes about {weeks} weeks, including training for {users}.",
    "The team provides local support and training in {language_name}.",
    "Pricing is {pricing_phrase}, with a free pilot for member cities.",
    "The solution supports SDG {sdg} and helps the city report on its climate and social targets.",
    "Hardware is low-maintenance, with batteries lasting up to {battery} years.",
))  # fmt: skip
SENTENCE_POOLS = (PROBLEM_SENTENCES, APPROACH_SENTENCES, FEATURE_SENTENCES, EVIDENCE_SENTENCES,
                  INTEGRATION_SENTENCES, DELIVERY_SENTENCES)  # fmt: skip
EXTRA_SENTENCE_POOLS = Pool((APPROACH_SENTENCES, EVIDENCE_SENTENCES, PROBLEM_SENTENCES, FEATURE_SENTENCES))

PRICING_PHRASES = {
    PricingModel.SUBSCRIPTION: "a monthly subscription",
    PricingModel.LICENCE: "a one-off licence",
    PricingModel.PROJECT: "a fixed price per project",
    PricingModel.USAGE: "pay per use",
    PricingModel.PPP: "a public-private partnership",
    PricingModel.OPEN_SOURCE: "free and open source",
}
PRICING_POOL = Pool(
    (PricingModel.SUBSCRIPTION, PricingModel.PROJECT, PricingModel.LICENCE, PricingModel.USAGE,
     PricingModel.OPEN_SOURCE, PricingModel.PPP, ""),
    exponent=0.7,
)  # fmt: skip
LANGUAGE_NAMES = {
    "en": "English", "fr": "French", "es": "Spanish", "pt": "Portuguese", "ar": "Arabic", "ko": "Korean",
    "zh": "Chinese", "ja": "Japanese", "id": "Indonesian", "vi": "Vietnamese", "de": "German",
    "ru": "Russian", "tr": "Turkish", "sw": "Swahili", "fa": "Persian", "mn": "Mongolian",
    "th": "Thai", "ne": "Nepali",
}  # fmt: skip
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


def _weighted(rng: random.Random, pairs: Sequence[tuple[Any, int]]) -> Any:
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ordered(values: Sequence[str], enum: Any) -> list[str]:
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


NUMBER_SLOTS = {
    "pct": (8, 65), "n": (2, 40), "year": (2016, 2025), "months": (3, 18), "count": (20, 5000),
    "hours": (2, 15), "weeks": (2, 16), "sdg": (3, 17), "battery": (2, 10),
}  # fmt: skip
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
        yield _demo_solution(rng, index, providers, provider_pool)


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
