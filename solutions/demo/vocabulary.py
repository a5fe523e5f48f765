"""The demo catalogue's shared word lists, common first: technologies, adjectives, features, standards,
systems and kinds of place used by every sector, the syllables and words that coin company and
product names, the tags, pricing phrases and language names."""

from __future__ import annotations

from solutions.demo.sampling import Pool
from solutions.enums import PricingModel

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
TECH_TAGS = Pool((
    "iot", "ai", "analytics", "platform", "app", "digital twin", "open data", "machine learning",
    "lorawan", "5g", "computer vision", "gis", "blockchain", "edge computing", "drones", "saas",
))  # fmt: skip

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
