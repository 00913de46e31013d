"""Write a realistic synthetic programme of N companies that passes `bif check` with no errors.

    python bench/generate.py 1000 bench/out/n1000 [--seed 7]

The companies are invented: Norwegian-sounding names, valid (fictional) org numbers, a dated
recruitment history, measures with payments, clusters, a budget whose areas cover what is
committed, and a milestone plan. Files are written in the block style people write by hand
(about 2 kB a company; --small: about 650 bytes), so parsing costs what it costs on a real
portfolio.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import unicodedata
from datetime import date, timedelta
from pathlib import Path

REGIONS: dict[str, tuple[str, dict[str, str]]] = {
    "nord-gudbrandsdal": (
        "Nord-Gudbrandsdal",
        {"0511": "Dovre", "0512": "Lesja", "0513": "Skjåk", "0514": "Lom", "0515": "Vågå"},
    ),
    "midt-gudbrandsdal": (
        "Midt-Gudbrandsdal",
        {"0516": "Nord-Fron", "0517": "Sel", "0519": "Sør-Fron", "0520": "Ringebu"},
    ),
    "valdres": (
        "Valdres",
        {"0540": "Sør-Aurdal", "0541": "Etnedal", "0542": "Nord-Aurdal", "0545": "Vang"},
    ),
    "lillehammer-regionen": (
        "Lillehammer-regionen",
        {"0501": "Lillehammer", "0521": "Øyer", "0522": "Gausdal"},
    ),
    "gjovik-regionen": (
        "Gjøvik-regionen",
        {"0502": "Gjøvik", "0528": "Østre Toten", "0529": "Vestre Toten", "0538": "Nordre Land"},
    ),
    "hadeland": ("Hadeland", {"0532": "Jevnaker", "0533": "Lunner", "0534": "Gran"}),
    "hallingdal": (
        "Hallingdal",
        {"0615": "Flå", "0616": "Nes", "0617": "Gol", "0618": "Hemsedal", "0619": "Ål"},
    ),
    "nord-osterdal": (
        "Nord-Østerdal",
        {"0436": "Tolga", "0437": "Tynset", "0438": "Alvdal", "0439": "Folldal", "0441": "Os"},
    ),
}
PLACES = [
    "Bagn",
    "Beito",
    "Dombås",
    "Fagernes",
    "Vinstra",
    "Otta",
    "Kvam",
    "Lesjaskog",
    "Bismo",
    "Fossbergom",
    "Vågåmo",
    "Heidal",
    "Ringebu",
    "Fåvang",
    "Hundorp",
    "Tretten",
    "Follebu",
    "Segalstad",
    "Raufoss",
    "Lena",
    "Dokka",
    "Brandbu",
    "Jaren",
    "Roa",
    "Grua",
    "Nesbyen",
    "Torpo",
    "Geilo",
    "Hemsedal",
    "Tynset",
    "Alvdal",
    "Folldal",
    "Tolga",
    "Røros",
    "Lom",
    "Skjåk",
    "Vang",
    "Grindaheim",
    "Leira",
    "Aurdal",
    "Etnedal",
    "Sjusjøen",
    "Gausdal",
    "Biri",
    "Snertingdal",
    "Hov",
    "Eina",
    "Kapp",
    "Hunndalen",
    "Moelv",
    "Ål",
    "Gol",
    "Flå",
]
FAMILIES = [
    "",
    "",
    "",
    "Bakken",
    "Haugen",
    "Lie",
    "Moen",
    "Nordby",
    "Solberg",
    "Strand",
    "Berg",
    "Dahl",
    "Hagen",
    "Lund",
    "Myhre",
    "Rustad",
    "Sletten",
    "Tangen",
    "Viken",
    "Øien",
    "Bøe",
    "Kleiven",
    "Sandvik",
    "Engen",
    "Ødegård",
    "Rønning",
    "Holm",
    "Aas",
    "Nyhus",
    "Løkken",
]
TRADES = [
    ("Trevare", "16.230"),
    ("Mekaniske", "25.620"),
    ("Kornbakeri", "10.710"),
    ("Ysteri", "10.510"),
    ("Hytteservice", "81.100"),
    ("Programvare", "62.010"),
    ("Elektronikk", "26.110"),
    ("Laft", "16.231"),
    ("Fjellmat", "10.890"),
    ("Sveiseteknikk", "25.110"),
    ("Plastteknikk", "22.290"),
    ("Opplevelser", "93.290"),
    ("Mikrobryggeri", "11.050"),
    ("Byggservice", "43.320"),
    ("Metall", "24.100"),
    ("Snekkerverksted", "31.090"),
    ("Regnskap", "69.201"),
    ("Transport", "49.410"),
    ("Maskin", "28.300"),
    ("Kjøtt og Vilt", "10.130"),
    ("Spekemat", "10.130"),
    ("Velferdsteknologi", "26.600"),
    ("Fjellhotell", "55.101"),
    ("Hyttebygg", "41.200"),
    ("Steinindustri", "23.700"),
    ("Glassverk", "23.190"),
    ("Design", "74.100"),
    ("Reklame", "73.110"),
    ("Sportsutstyr", "32.300"),
    ("Naturstein", "08.110"),
    ("Sagbruk", "16.100"),
    ("Isolasjon", "43.290"),
    ("Emballasje", "17.210"),
    ("Fiskeoppdrett", "03.220"),
    ("Energi", "35.110"),
    ("Rørleggerservice", "43.220"),
]
FIRST_NAMES = ["Kari", "Ola", "Ingrid", "Per", "Marit", "Lars", "Sigrid", "Knut"]
SUFFIXES = ["AS", "AS", "AS", "AS", "SA", "ANS", "DA"]
MEASURE_TEMPLATES = [
    ("fou", "FoU-prosjekt om {thing}", "rnd", "B", "Høgskolen i Innlandet"),
    ("kompetanse", "Kompetanseheving i {thing}", "competence", "B", None),
    ("lederutvikling", "Lederutvikling for ledergruppen", "leadership", "B", "AFF"),
    ("netthandel", "Netthandel og digital markedsføring", "digital", "A", None),
    ("hyttemarked", "Verdiskaping i hyttemarkedet", "cabin_market", "A", None),
    ("strategi", "Strategi- og forretningsplan", "strategy", "A", "Konsulenthuset AS"),
    ("velferd", "Velferdsteknologi i {thing}", "welfare_tech", "B", "SINTEF"),
]
THINGS = [
    "produksjon",
    "logistikk",
    "eksport",
    "produktutvikling",
    "kvalitetssikring",
    "automatisering",
    "materialvalg",
    "energibruk",
    "kundeservice",
    "salg",
]
PERIOD = (date(2014, 1, 1), date(2016, 12, 31))
LEGAL_FORMS = {"as", "asa", "sa", "ans", "da", "enk"}


def slugify(name: str) -> str:
    """Make an id the way DESIGN.md describes (lower case, æøå folded, legal forms dropped)."""
    text = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in LEGAL_FORMS]
    return "-".join(words)[:60].strip("-")


def org_number(seq: int) -> str:
    """Return a 9-digit org number with a valid mod-11 check digit, unique per seq."""
    while True:
        first = f"{90000000 + seq * 7:08d}"[-8:]
        weights = (3, 2, 7, 6, 5, 4, 3, 2)
        r = sum(int(d) * w for d, w in zip(first, weights, strict=True)) % 11
        if r != 1:
            return first + str(0 if r == 0 else 11 - r)
        seq += 1_000_003  # no check digit exists; step far away so numbers stay unique


def family_of(name: str) -> str:
    words = [w for w in name.split() if w in FAMILIES]
    return words[0] if words else "Nordmann"


def day(rng: random.Random, after: date, before: date) -> date:
    span = (before - after).days
    return after + timedelta(days=rng.randint(0, max(span, 0)))


def payments_block(rng: random.Random, granted: int, granted_on: date, end: date) -> list[str]:
    lines: list[str] = []
    left = granted
    when = granted_on
    for _ in range(rng.randint(1, 6)):
        when = day(rng, when + timedelta(days=30), when + timedelta(days=120))
        if when > end or left <= 0:
            break
        amount = min(left, rng.randrange(20_000, max(granted // 2, 20_001), 5_000))
        left -= amount
        lines.append(f"      - {{date: {when}, amount: {amount}}}")
    return ["    payments:", *lines] if lines else []


def measure_block(
    rng: random.Random, used: set[str], start_after: date, small: bool = False
) -> list[str]:
    key, title, kind, area, partner = rng.choice(MEASURE_TEMPLATES)
    measure_id = key
    n = 2
    while measure_id in used:
        measure_id, n = f"{key}-{n}", n + 1
    used.add(measure_id)
    granted = rng.randrange(50_000, 600_000, 10_000)
    granted_on = day(rng, start_after, min(start_after + timedelta(days=200), date(2016, 6, 1)))
    start = day(rng, granted_on, granted_on + timedelta(days=60))
    end = day(rng, start + timedelta(days=90), PERIOD[1])
    lines = [
        f"  - id: {measure_id}",
        f"    title: {title.format(thing=rng.choice(THINGS))}",
        f"    kind: {kind}",
        f"    area: {area}",
    ]
    if partner:
        lines.append(f"    partner: {partner}")
    lines += [
        f"    granted: {granted}",
        f"    granted_on: {granted_on}",
        f"    start: {start}",
        f"    end: {end}",
    ]
    if not small and rng.random() < 0.6:
        lines.append(
            f"    note: Tiltaket skal styrke bedriftens arbeid med {rng.choice(THINGS)} og "
            f"{rng.choice(THINGS)}, og følges opp av prosesslederen hvert kvartal"
        )
    return lines + ([] if small else payments_block(rng, granted, granted_on, end))


def company_file(
    rng: random.Random, name: str, seq: int, region: str, leader: str, small: bool = False
) -> tuple[str, bool]:
    """Return the YAML text of one company and whether it is recruited.

    small writes what a young portfolio holds (about 600 bytes): one to four history entries,
    no notes, no contact, and at most one short measure.
    """
    code, municipality = rng.choice(sorted(REGIONS[region][1].items()))
    nace = next(n for t, n in TRADES if t in name)
    identified = day(rng, PERIOD[0], date(2016, 3, 1))
    steps = ["identified", "contacted", "mapped", "agreement", "completed"]
    reach = rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 1, 8, 4])[0]
    if small:
        reach = rng.choices([1, 2, 3, 4], weights=[2, 2, 2, 3])[0]
    history = []
    when = identified
    notes = {
        "identified": "Foreslått av kommunens næringsrådgiver",
        "mapped": f"Ambisjon og behov avklart med daglig leder i {municipality}",
        "agreement": "Avtale signert",
    }
    for status in steps[:reach]:
        note = notes.get(status)
        entry = f"  - {{date: {when}, status: {status}"
        noted = note and not small and rng.random() < 0.8
        history.append(entry + (f', note: "{note}"}}' if noted else "}"))
        when = day(rng, when + timedelta(days=7), when + timedelta(days=60))
    exit_status = None
    if reach < 4 and not small and rng.random() < 0.25:
        exit_status = rng.choice(["declined", "withdrawn", "not_eligible"])
        history.append(
            f'  - {{date: {when}, status: {exit_status}, note: "Bedriften ønsker ikke å '
            'binde seg til et utviklingsløp nå"}'
        )
    recruited = reach >= 4
    lines = [
        "# Syntetisk testbedrift generert av bench/generate.py – ikke en ekte bedrift.",
        f"name: {name}",
        f'org_number: "{org_number(seq)}"',
        f"region: {region}",
        f'municipality: "{code}"',
        f'nace: "{nace}"',
        f"market: {rng.choice(['national', 'international'])}",
        f"employees: {rng.randint(2, 250)}",
        f"process_leader: {leader}",
    ]
    if not small:
        lines += [
            "contact:",
            f"  name: {rng.choice(FIRST_NAMES)} {family_of(name)}",
            f"  email: post@{slugify(name)}.example.no",
            f'  phone: "+47 9{rng.randint(1000000, 9999999)}"',
        ]
    lines += [
        f"ambition: Øke omsetningen i {rng.choice(['Norge', 'Norden', 'Europa'])} med "
        f"{rng.randint(10, 80)} prosent innen 2018 gjennom {rng.choice(THINGS)}",
        "history:",
        *history,
    ]
    if recruited:
        agreed = date.fromisoformat(history[3].split("date: ")[1][:10])
        used: set[str] = set()
        lines.append("measures:")
        for _ in range(1 if small else rng.randint(2, 6)):
            lines += measure_block(rng, used, agreed, small)
    if reach == 5:
        lines.append(
            "continuation_plan: Bedriften viderefører arbeidet med egne midler og "
            "søker Innovasjon Norge om videre støtte"
        )
    if exit_status is None:
        due = day(rng, date(2016, 10, 1), date(2017, 3, 1))
        lines.append(f'next_action: {{what: "Oppfølgingsmøte med daglig leder", due: {due}}}')
    return "\n".join(lines) + "\n", recruited


def generate(n: int, out: Path, seed: int = 7, small: bool = False) -> Path:
    """Write a programme with n companies under out (replacing what was there); return out.

    small writes the small-file tree (about 600 bytes a company) instead of the large one.
    """
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "data" / "companies").mkdir(parents=True)
    (out / "data" / "clusters").mkdir(parents=True)
    (out / "data" / "reports").mkdir(parents=True)
    region_ids = sorted(REGIONS)
    leaders = {r: f"pl-{r}" for r in region_ids}
    ids: list[str] = []
    recruited_by_region: dict[str, list[str]] = {r: [] for r in region_ids}
    seen: set[str] = set()
    for seq in range(n):
        trade, _nace = rng.choice(TRADES)
        family = rng.choice(FAMILIES)
        name = " ".join(p for p in (rng.choice(PLACES), family, trade) if p)
        name += f" {rng.choice(SUFFIXES)}"
        company_id = slugify(name)
        k = 2
        while company_id in seen:
            company_id, k = f"{slugify(name)}-{k}", k + 1
        seen.add(company_id)
        region = region_ids[seq % len(region_ids)]
        text, recruited = company_file(rng, name, seq, region, leaders[region], small)
        (out / "data" / "companies" / f"{company_id}.yaml").write_text(text, encoding="utf-8")
        ids.append(company_id)
        if recruited:
            recruited_by_region[region].append(company_id)
    for c in range(max(1, n // 40)):
        region = region_ids[c % len(region_ids)]
        pool = recruited_by_region[region] or ids
        members = rng.sample(pool, min(len(pool), rng.randint(3, 8)))
        trade = rng.choice(TRADES)[0]
        name = f"{trade}klyngen {REGIONS[region][0]} {c + 1}"
        started = day(rng, date(2014, 3, 1), date(2015, 6, 1))
        used: set[str] = set()
        measures: list[str] = []
        for _ in range(rng.randint(1, 3)):
            measures += measure_block(rng, used, started)
        measures = [
            line.replace("area: A", "area: C").replace("area: B", "area: C") for line in measures
        ]
        text = "\n".join(
            [
                "# Syntetisk klynge generert av bench/generate.py.",
                f"name: {name}",
                f"region: {region}",
                f"members: [{', '.join(members)}]",
                f"facilitator: {leaders[region]}",
                "history:",
                f"  - {{date: {started}, status: identified}}",
                f"  - {{date: {started + timedelta(days=90)}, status: established}}",
                "measures:",
                *measures,
            ]
        )
        (out / "data" / "clusters" / f"{slugify(name)}.yaml").write_text(
            text + "\n", encoding="utf-8"
        )
    _write_programme_files(out, region_ids, leaders)
    return out


def _write_programme_files(out: Path, region_ids: list[str], leaders: dict[str, str]) -> None:
    committed = _committed_by_area(out)
    staff = 2_000_000
    committed["A"] = committed.get("A", 0) + 3 * staff
    committed["D"] = committed.get("D", 0) + 900_000
    allocation = {a: -(-committed.get(a, 0) // 1_000_000) * 1_000_000 + 1_000_000 for a in "ABCD"}
    frame = sum(allocation.values())
    regions = []
    for rid in region_ids:
        name, municipalities = REGIONS[rid]
        flow = ", ".join(f'"{code}": {m}' for code, m in sorted(municipalities.items()))
        regions += [f"  - id: {rid}", f"    name: {name}", f"    municipalities: {{{flow}}}"]
    people = ["  - {id: pl, name: Prosjektleder, role: project_leader}"] + [
        f"  - {{id: {leaders[r]}, name: Prosessleder {REGIONS[r][0]}, role: process_leader}}"
        for r in region_ids
    ]
    program = [
        "# Syntetisk programme generert av bench/generate.py.",
        "name: Syntetisk næringsprogram",
        "full_name: Syntetisk næringsprogram – ytelsestest",
        "owner: Testfylket fylkeskommune",
        "responsible: Innovasjon Norge Testfylket",
        "board: Programstyret",
        "period: {start: 2014-01-01, end: 2016-12-31}",
        "final_report_due: 2017-05-01",
        "report_to: [Fylkesutvalget, Regionrådene]",
        "regions:",
        *regions,
        "people:",
        *people,
        'excluded_nace: ["01.1", "01.2", "01.3", "01.4", "01.5"]',
    ]
    (out / "data" / "program.yaml").write_text("\n".join(program) + "\n", encoding="utf-8")
    names = {
        "A": "Mobilisering og kartlegging",
        "B": "Tverrfaglig arbeid med særlig vekt på FoU",
        "C": "Klyngeutvikling og andre tiltak",
        "D": "Følgeevaluering og andre tiltak",
    }
    budget = [
        "currency: NOK",
        f"frame: {frame}",
        "funding:",
        f'  - {{source: "Fylkeskommunen, regionale utviklingsmidler", amount: {frame}}}',
        "areas:",
        *(f"  - {{id: {a}, name: {names[a]}, allocation: {allocation[a]}}}" for a in "ABCD"),
        "costs:",
    ]
    for year in (2014, 2015, 2016):
        budget += [
            f"  - id: prosessledere-{year}",
            f"    title: Prosessledere {year}",
            "    kind: staff",
            "    area: A",
            f"    granted: {staff}",
            f"    granted_on: {year}-01-01",
            f"    start: {year}-01-01",
            f"    end: {year}-12-31",
            "    payments:",
            *(
                f"      - {{date: {year}-{m}, amount: 500000}}"
                for m in ("03-31", "06-30", "09-30", "12-31")
            ),
        ]
    budget += [
        "  - id: folgeevaluering",
        "    title: Følgeevaluering",
        "    kind: evaluation",
        "    area: D",
        "    granted: 900000",
        "    granted_on: 2014-02-01",
        "    start: 2014-02-01",
        "    end: 2016-12-31",
    ]
    (out / "data" / "budget.yaml").write_text("\n".join(budget) + "\n", encoding="utf-8")
    milestones = [
        "milestones:",
        "  - {id: oppstart, title: Oppstart, due: 2014-01-01, done: 2014-01-02}",
        "  - {id: rekruttering, title: Bedrifter rekruttert, due: 2014-06-30, done: 2014-06-20}",
        "  - {id: midtveis, title: Midtveisevaluering, due: 2015-06-30, done: 2015-06-15}",
        "  - {id: slutt, title: Sluttrapport, due: 2016-12-31, done: 2016-12-20}",
        "  - {id: behandlet, title: Sluttrapporten behandlet, due: 2017-05-01, done: 2017-04-25}",
    ]
    (out / "data" / "milestones.yaml").write_text("\n".join(milestones) + "\n", encoding="utf-8")
    narrative = (
        "## Status og framdrift\n\nRekrutteringen går etter planen.\n\n"
        "## Avvik\n\nIngen vesentlige avvik.\n\n## Neste kvartal\n\nFlere FoU-prosjekter.\n"
    )
    (out / "data" / "reports" / "2015-Q2.md").write_text(narrative, encoding="utf-8")


def _committed_by_area(out: Path) -> dict[str, int]:
    """Add up granted per area from the written files (cluster measures were moved to C)."""
    totals: dict[str, int] = {}
    area = None
    for folder in ("companies", "clusters"):
        for path in (out / "data" / folder).iterdir():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.startswith("    area: "):
                    area = line.split(": ", 1)[1]
                elif line.startswith("    granted: ") and area is not None:
                    totals[area] = totals.get(area, 0) + int(line.split(": ", 1)[1])
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of companies")
    parser.add_argument("out", type=Path, help="folder to write the programme to (replaced)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--small", action="store_true", help="small files (about 600 bytes a company)"
    )
    args = parser.parse_args()
    generate(args.n, args.out, args.seed, args.small)
    print(f"wrote a programme of {args.n} companies to {args.out}")


if __name__ == "__main__":
    main()
