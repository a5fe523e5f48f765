"""Sentence templates of the demo catalogue: titles, summaries and the description's sentence kinds
(problem, approach, features, evidence, integration, delivery), with the ranges of their numeric
slots. "{slot}" is filled by `generate._Slots`."""

from __future__ import annotations

from solutions.demo.sampling import Pool

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

# Numeric slots, drawn uniformly from these inclusive ranges.
NUMBER_SLOTS = {
    "pct": (8, 65), "n": (2, 40), "year": (2016, 2025), "months": (3, 18), "count": (20, 5000),
    "hours": (2, 15), "weeks": (2, 16), "sdg": (3, 17), "battery": (2, 10),
}  # fmt: skip
