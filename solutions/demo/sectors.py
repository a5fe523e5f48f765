"""Per-sector vocabularies of the demo catalogue (`VOCABULARY`: offerings, problems, assets, users,
outcomes, tags and main ESG dimension of each `Sector`) and how often each sector is drawn."""

from __future__ import annotations

from dataclasses import dataclass

from solutions.demo.sampling import Pool
from solutions.enums import EsgDimension, Sector


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
SECTOR_POOL = Pool(
    (Sector.MOBILITY, Sector.ENVIRONMENT, Sector.ENERGY, Sector.GOVERNANCE, Sector.SAFETY, Sector.WATER,
     Sector.HEALTH, Sector.DIGITAL_INFRASTRUCTURE, Sector.WASTE, Sector.WELFARE, Sector.EDUCATION,
     Sector.CULTURE),
    exponent=0.6,
)  # fmt: skip
