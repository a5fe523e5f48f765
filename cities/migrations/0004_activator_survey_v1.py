"""Version 1 of the City Activator questionnaire, published, so a fresh `make run` has it.

The dimensions follow the association's sectors and priorities (brochure 2024: mobility, safety,
welfare, environment, culture, governance; ESG; digital inclusion and human-centred services; data
and infrastructure). Each question's five answers are graded 0 to 4, in the order listed.

The text is frozen here on purpose: later wording changes are made by staff in the admin (copy as a
new version), never by editing this migration.
"""

from django.db import migrations
from django.utils import timezone

VERSION = 1

DIMENSIONS = [
    {
        "key": "mobility",
        "name": "Mobility",
        "description": (
            "Moving people and goods: public transport, traffic management, parking, walking and cycling, "
            "shared and electric mobility, and the transport data that ties them together."
        ),
        "sectors": ["mobility"],
        "esg_dimensions": ["environmental", "social"],
        "tags": ["public transport", "traffic", "parking", "cycling", "electric vehicles", "mobility data"],
        "questions": [
            (2, "How does the city manage traffic on its main roads?", [
                "Fixed-time traffic signals; traffic is not monitored",
                "Some counters or cameras; the data is looked at occasionally",
                "A traffic control centre monitors the main corridors in real time",
                "Adaptive traffic signals respond to live traffic on the main corridors",
                "City-wide adaptive traffic control, integrated with bus priority and incident response",
            ]),
            (2, "What real-time information do public transport passengers get?", [
                "None: printed timetables only",
                "Timetables online, no live information",
                "Live arrival times on some lines or stops",
                "Live information on every line in apps and at stops, published as open data (e.g. GTFS Realtime)",
                "Integrated multimodal journey planning and one ticket across modes (Mobility as a Service)",
            ]),
            (1, "How do people pay for public transport and parking?", [
                "Cash only",
                "Paper tickets and passes; card payment in a few places",
                "A smart card or mobile payment on the main services",
                "Contactless and mobile payment across public transport and parking",
                "Account-based ticketing across all modes, with fare capping and concessions applied automatically",
            ]),
            (1, "How does the city support walking, cycling and shared or electric mobility?", [
                "No specific policy or infrastructure",
                "Plans exist, but little has been built",
                "Some protected cycle lanes, pedestrian zones or charging points",
                "A connected cycling network, bike or scooter sharing and public charging in most districts",
                "Active and electric mobility are the planned default, monitored with data and growing every year",
            ]),
            (1, "Does the city use mobility data to plan and evaluate transport?", [
                "No mobility data is collected",
                "Occasional surveys and manual counts",
                "Regular data from counters, ticketing or operators, analysed project by project",
                "A mobility data platform combines the sources for planning and reporting",
                "Planning with transport models and dashboards, with the data shared with partners and the public",
            ]),
        ],
    },
    {
        "key": "safety",
        "name": "Safety",
        "description": (
            "Public safety and resilience: emergency response, disaster risk and early warning for floods, "
            "storms, fires and heat, safe public spaces, and the protection of critical infrastructure."
        ),
        "sectors": ["safety", "water"],
        "esg_dimensions": ["social"],
        "tags": ["emergency", "early warning", "flood", "disaster risk", "resilience", "public safety"],
        "questions": [
            (2, "How are emergencies reported and dispatched?", [
                "Separate phone numbers per service; incidents logged by hand",
                "One emergency number; dispatch by phone and radio",
                "A computer-aided dispatch system for the main emergency services",
                "An integrated emergency centre shares live locations and incident data between police, fire and ambulance",
                "The integrated centre also uses live sensor and resident reports, and response times are measured and published",
            ]),
            (2, "Can the city warn residents early of floods, storms, heat or other hazards?", [
                "No early warning",
                "National warnings are passed on by radio or notices",
                "Local monitoring of some hazards; warnings by SMS or social media",
                "Sensor networks and forecasts trigger targeted alerts to the residents affected",
                "Multi-hazard early warning tied to evacuation plans and rehearsed in drills every year",
            ]),
            (1, "Does the city have a disaster risk and resilience plan based on data?", [
                "No plan",
                "A plan on paper that is not kept up to date",
                "Risk maps for the main hazards, updated occasionally",
                "A resilience strategy with current risk maps and named responsibilities",
                "Resilience is built into planning and investment, with risk data shared across departments and the public",
            ]),
            (1, "How safe and well managed are public spaces after dark?", [
                "Little lighting or monitoring; safety is not measured",
                "Lighting and patrols in the city centre only",
                "Lighting upgrades and ways to report problems in several districts",
                "Smart street lighting and safety reporting city-wide; incidents are analysed to target action",
                "Safety of public spaces is designed with residents, measured, and respects privacy by design",
            ]),
        ],
    },
    {
        "key": "welfare",
        "name": "Welfare and health",
        "description": (
            "Health care, social services, care for older people and education: how residents, above all "
            "vulnerable groups, reach welfare services and how digital tools support care and learning."
        ),
        "sectors": ["welfare", "health", "education"],
        "esg_dimensions": ["social"],
        "tags": ["health", "social services", "elderly care", "telemedicine", "education", "welfare"],
        "questions": [
            (2, "How do residents apply for social benefits and welfare services?", [
                "In person, on paper forms only",
                "Forms can be downloaded; applications are still made in person",
                "Some services can be applied for online",
                "Most services online, with case tracking and assisted channels for those who need help",
                "Proactive services: eligible residents are identified and offered support without applying",
            ]),
            (2, "Can residents use digital health services (appointments, records, telemedicine)?", [
                "No",
                "Appointments by phone only",
                "Online appointment booking in some clinics",
                "Online booking, electronic health records and telemedicine in public clinics",
                "Connected care: shared records, remote monitoring of chronic patients and data-driven public health",
            ]),
            (1, "How does the city help older people and people with disabilities live independently?", [
                "No specific programmes",
                "Programmes exist but reach few people",
                "Home care and assistance services with some digital coordination",
                "Assistive technology, emergency alarms and home care coordinated across providers",
                "An integrated, person-centred care model measured on independence and well-being",
            ]),
            (1, "How do schools and training centres use digital tools?", [
                "Few devices and no connectivity",
                "Computer rooms in some schools",
                "Connectivity in most schools and some digital learning resources",
                "Every school connected, teachers trained and a digital learning platform in use",
                "Digital skills in every curriculum, lifelong learning for adults, and results measured",
            ]),
        ],
    },
    {
        "key": "environment",
        "name": "Environment",
        "description": (
            "Environment, energy and climate: air quality, energy efficiency and renewable energy, water "
            "management, waste collection and recycling, green space and climate action."
        ),
        "sectors": ["environment", "energy", "water", "waste"],
        "esg_dimensions": ["environmental"],
        "tags": ["air quality", "energy efficiency", "renewable energy", "waste", "recycling", "water", "climate"],
        "questions": [
            (2, "Does the city monitor air quality, noise or other environmental conditions?", [
                "No monitoring",
                "A few stations; the data is rarely published",
                "A monitoring network whose data is published regularly",
                "Dense sensor networks with real-time public data and alerts",
                "Monitoring drives action: pollution episodes trigger measures whose effect is evaluated",
            ]),
            (2, "How does the city manage energy use in public buildings and street lighting?", [
                "Energy use is not tracked",
                "Bills are tracked; there are no targets",
                "Targets and some efficiency projects (e.g. LED street lighting)",
                "Smart meters and an energy management system across public buildings; renewable generation on site",
                "A net-zero pathway with measured progress, smart grid partnerships and a renewable supply",
            ]),
            (1, "How is municipal waste collected and recycled?", [
                "Irregular collection and open dumping",
                "Regular collection, little recycling",
                "Separate collection of recyclables in some districts",
                "City-wide separate collection with optimised routes and fill-level sensors",
                "A circular economy programme with measured recycling and reuse rates",
            ]),
            (1, "How is the water network managed?", [
                "Losses and water quality are not monitored",
                "Manual inspections and meter readings",
                "Metering and monitoring of the main pipes",
                "Smart meters and sensors detect leaks and quality problems in real time",
                "Integrated water management: leakage, storm water and reuse optimised with data",
            ]),
            (1, "Does the city have a climate action plan with measurable targets?", [
                "No plan",
                "A commitment, but no plan",
                "A plan with targets; progress is not measured",
                "A plan with an emissions inventory and yearly progress reports",
                "Climate targets guide every budget and investment decision and are reported publicly",
            ]),
        ],
    },
    {
        "key": "culture",
        "name": "Culture and tourism",
        "description": (
            "Culture, heritage, tourism and civic life: digital access to museums, libraries and events, "
            "visitor information and management, and the city's creative and cultural economy."
        ),
        "sectors": ["culture"],
        "esg_dimensions": ["social"],
        "tags": ["culture", "tourism", "heritage", "museum", "library", "events"],
        "questions": [
            (1, "Can residents and visitors find and book cultural activities online?", [
                "No online information",
                "Information on the city website only",
                "An events calendar and some online ticketing",
                "One platform for events, bookings and ticketing across venues",
                "Personalised, accessible cultural offers, with open event data for partners",
            ]),
            (1, "Is the city's cultural heritage digitised and accessible?", [
                "Nothing is digitised",
                "Some collections photographed but not published",
                "Parts of the archives and collections are online",
                "The main collections are digitised, openly accessible and can be visited virtually",
                "Heritage data is open, reused by schools and creators, and preserved to standards",
            ]),
            (1, "How does the city manage tourism with data?", [
                "No visitor data",
                "Yearly visitor statistics",
                "Visitor surveys and data from booking platforms",
                "Real-time visitor flow data used to manage crowding and services",
                "A sustainable tourism strategy steered by data and shared with residents and businesses",
            ]),
            (1, "Does the city support creative industries and cultural participation with digital tools?", [
                "No support",
                "Occasional grants",
                "Programmes for creative businesses and community events",
                "Innovation spaces, digital creative programmes and participation from every neighbourhood",
                "A measured cultural strategy that reaches every group of residents",
            ]),
        ],
    },
    {
        "key": "governance",
        "name": "Governance",
        "description": (
            "Digital government and participation: online public services and permits, digital identity, "
            "e-procurement, transparency of budgets and contracts, and residents' participation in decisions."
        ),
        "sectors": ["governance"],
        "esg_dimensions": ["governance"],
        "tags": ["e-government", "online services", "digital identity", "participation", "transparency", "permits"],
        "questions": [
            (2, "How many municipal services (permits, certificates, taxes, fees) can be completed fully online?", [
                "None",
                "Information and forms online; completion in person",
                "A few services fully online",
                "Most services fully online, with payment and status tracking",
                "Nearly all services online, with a single account and data asked for only once",
            ]),
            (2, "Is there a digital strategy with leadership, budget and measured targets?", [
                "No strategy",
                "Digital projects run department by department",
                "A strategy exists, without a dedicated budget or owner",
                "A strategy with a chief digital officer or unit, a budget and targets",
                "The strategy is reviewed every year against published indicators and guides every department",
            ]),
            (1, "How do residents take part in decisions?", [
                "Public meetings only, where the law requires them",
                "Occasional online consultations",
                "A participation platform used for some decisions",
                "Regular digital participation, including participatory budgeting",
                "Residents co-design policies and services and see how their input was used",
            ]),
            (1, "How transparent is the city about budgets, contracts and performance?", [
                "Little is published",
                "Yearly reports as documents",
                "Budgets and contracts are published online",
                "Open data on budgets, procurement and service performance",
                "Live transparency dashboards, used by the public and audited",
            ]),
            (1, "How does the city buy technology?", [
                "Ad hoc purchases without common rules",
                "Standard tenders on paper",
                "E-procurement for major purchases",
                "E-procurement with open standards and criteria that avoid vendor lock-in",
                "Innovation procurement (pilots, challenges) alongside open, interoperable contracts",
            ]),
        ],
    },
    {
        "key": "esg",
        "name": "ESG and partnerships",
        "description": (
            "ESG (environment, social, governance) and financing: how the city reports on sustainability, "
            "works with private partners in public-private partnerships (PPP) and finances smart "
            "sustainable projects."
        ),
        "sectors": ["governance", "environment"],
        "esg_dimensions": ["environmental", "social", "governance"],
        "tags": ["ESG", "public-private partnership", "PPP", "green finance", "sustainability reporting", "investment"],
        "questions": [
            (2, "Does the city report on its environmental, social and governance (ESG) performance?", [
                "No reporting",
                "Some figures in general reports",
                "A sustainability report aligned with the SDGs or another framework",
                "Regular ESG reporting with indicators and targets",
                "ESG criteria steer the budget and are verified independently",
            ]),
            (2, "How does the city work with companies on smart city projects?", [
                "Only as a buyer of standard goods",
                "Occasional pilots with companies",
                "A defined process for pilots and partnerships",
                "Structured public-private partnerships with shared goals and shared risk",
                "An open innovation ecosystem with test beds, start-up programmes and partnerships at scale",
            ]),
            (1, "How are smart sustainable projects financed?", [
                "No dedicated funding",
                "Occasional grants",
                "A budget line and some external funding",
                "A pipeline of projects financed by grants, loans and partners",
                "Innovative finance (green bonds, blended finance, PPP) with a record of delivery",
            ]),
            (1, "Do ESG criteria apply to procurement and investment?", [
                "No",
                "Price is the only criterion",
                "Environmental or social criteria in some tenders",
                "ESG criteria in every major tender",
                "ESG outcomes are written into contracts and monitored over their whole life",
            ]),
        ],
    },
    {
        "key": "inclusion",
        "name": "Digital inclusion",
        "description": (
            "Digital inclusion and human-centred services: closing the digital divide with affordable access, "
            "digital skills training and accessible design, so that services work for every resident, "
            "including older people, people with disabilities and low-income groups."
        ),
        "sectors": ["welfare", "education", "digital_infrastructure"],
        "esg_dimensions": ["social"],
        "tags": ["digital inclusion", "digital skills", "accessibility", "digital divide", "human-centred", "public wifi"],
        "questions": [
            (2, "Does the city know who is digitally excluded?", [
                "No information",
                "National statistics only",
                "A local survey of internet access and digital skills",
                "Regular measurement by district and group, used to target programmes",
                "Inclusion indicators reviewed and published every year, with targets met",
            ]),
            (2, "What digital skills training does the city offer residents?", [
                "None",
                "Occasional courses",
                "Regular courses in libraries or community centres",
                "A programme that reaches out to older people, migrants and low-income groups",
                "Free, local, tailored support for every resident, with results measured",
            ]),
            (1, "Are digital public services designed for everyone (accessibility, languages, assisted channels)?", [
                "Not considered",
                "Some attention to accessibility",
                "Accessibility standards (e.g. WCAG) on the main website",
                "Services tested with users, accessible, multilingual and with assisted channels",
                "Human-centred design is the rule: residents take part from the start and satisfaction is measured",
            ]),
            (1, "Can every resident get affordable internet access?", [
                "Many areas have no affordable access",
                "Access in the city centre only",
                "Public Wi-Fi in libraries and some public places",
                "Free Wi-Fi in public spaces, and device lending or subsidised access for low-income households",
                "Universal affordable broadband, with public access points and help with devices",
            ]),
        ],
    },
    {
        "key": "data",
        "name": "Data and infrastructure",
        "description": (
            "Data and digital infrastructure: broadband and connectivity, sensor and IoT networks, a shared "
            "urban data platform, open data, interoperability standards, cybersecurity and data protection."
        ),
        "sectors": ["digital_infrastructure"],
        "esg_dimensions": ["governance"],
        "tags": ["open data", "data platform", "IoT", "sensors", "connectivity", "cybersecurity", "interoperability"],
        "questions": [
            (2, "How is the city's data managed and shared between departments?", [
                "Each department keeps its own files",
                "Some shared spreadsheets and databases",
                "Data-sharing agreements for some datasets",
                "A shared urban data platform with common standards",
                "A governed data platform with APIs, quality rules and real-time data used by every department",
            ]),
            (1, "Does the city publish open data?", [
                "No",
                "A few files on request",
                "An open data portal with some datasets",
                "A portal with many datasets in open formats, updated regularly, with APIs",
                "Open by default: data used by businesses, researchers and residents, with usage measured",
            ]),
            (2, "How does the city protect its systems and residents' data?", [
                "No security policy",
                "Basic IT security; no data protection officer",
                "A security policy and a data protection officer",
                "A security team, regular audits, incident response and privacy impact assessments",
                "Certified security management (e.g. ISO 27001), rehearsed incident response and privacy by design",
            ]),
            (1, "What connectivity and sensor infrastructure does the city have?", [
                "Little broadband and no sensors",
                "Broadband in the centre and a few sensors",
                "Fibre or 4G in most areas and sensor pilots",
                "City-wide high-speed connectivity and an IoT network used by several services",
                "Shared, open infrastructure (fibre, 5G, IoT) managed as a city asset for every service and partner",
            ]),
            (1, "Do the city's systems follow open standards so they can work together?", [
                "No: every system stands alone",
                "Some integrations, built case by case",
                "Standards are used in new projects",
                "Interoperability standards (e.g. open APIs) are required in all procurement",
                "A reference architecture on open standards (e.g. NGSI-LD, OASC MIMs) across all systems",
            ]),
        ],
    },
]


def load_version_1(apps, schema_editor):
    Survey = apps.get_model("cities", "Survey")
    Dimension = apps.get_model("cities", "Dimension")
    Question = apps.get_model("cities", "Question")
    AnswerOption = apps.get_model("cities", "AnswerOption")
    if Survey.objects.filter(version=VERSION).exists():
        return
    survey = Survey.objects.create(
        version=VERSION,
        title="City Activator",
        introduction=(
            "Where does your city stand in smart sustainable city development? Answer each question "
            "for the city as it is today. It takes about fifteen minutes; you can retake it at any "
            "time to see your progress."
        ),
        is_published=True,
        published_at=timezone.now(),
    )
    options = []
    for dimension_order, spec in enumerate(DIMENSIONS, start=1):
        dimension = Dimension.objects.create(
            survey=survey,
            key=spec["key"],
            name=spec["name"],
            description=spec["description"],
            order=dimension_order,
            sectors=spec["sectors"],
            esg_dimensions=spec["esg_dimensions"],
            tags=spec["tags"],
        )
        for question_order, (weight, text, labels) in enumerate(spec["questions"], start=1):
            question = Question.objects.create(
                dimension=dimension, text=text, order=question_order, weight=weight
            )
            options.extend(
                AnswerOption(question=question, label=label, grade=grade, order=grade)
                for grade, label in enumerate(labels)
            )
    AnswerOption.objects.bulk_create(options)


def remove_version_1(apps, schema_editor):
    Survey = apps.get_model("cities", "Survey")
    Survey.objects.filter(version=VERSION).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("cities", "0003_activator_and_plans"),
    ]

    operations = [
        migrations.RunPython(load_version_1, remove_version_1),
    ]
