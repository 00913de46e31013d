"""Every text a user reads, in bokmål (nb) and English (en): the report's words and the problems."""

from __future__ import annotations

import string
from typing import Any

from bif_cli.fmt import group_thousands, kroner

LANGUAGES = ("nb", "en")

# A report text, or a table of them by id (status names, kinds, funnel stages).
Texts = dict[str, str | dict[str, str]]

NB: Texts = {
    "lang": "nb",
    "report": "Kvartalsrapport",
    "quarter_word": "kvartal",
    "period": "Periode",
    "owner": "Programeier",
    "responsible": "Programansvarlig",
    "responsible_col": "Ansvarlig",
    "board": "Programstyre",
    "report_to": "Rapporteres til",
    "programme_period": "Programperiode",
    "as_of": "Alle tall viser programmet slik det sto",
    "contents": "Innhold",
    "none": "Ingen.",
    "total": "I alt",
    "programme": "Programmet",
    # 1 Summary
    "summary": "Sammendrag",
    "key_figure": "Nøkkeltall",
    "at_end": "Ved kvartalets slutt",
    "change": "Endring i kvartalet",
    "in_quarter": "i kvartalet",
    "key_figures": "Nøkkeltall",
    "recruited": "Bedrifter rekruttert (avtale inngått)",
    "main_goal": "Bedrifter i gang med kompetanse-/FoU-tiltak (hovedmålet)",
    "in_pipeline": "Bedrifter i rekrutteringsløpet",
    "clusters_established": "Klynger etablert",
    "committed": "Bevilget",
    "paid": "Utbetalt",
    "frame": "Ramme",
    "of_frame": "av rammen",
    # 2 Recruitment
    "recruitment": "Rekruttering",
    "per_status_region": "Bedrifter per status og region",
    "status": "Status",
    "companies": "Bedriftene",
    "company": "Bedrift",
    "region": "Region",
    "municipality": "Kommune",
    "since": "Siden",
    "process_leader": "Prosessleder",
    "moves": "Endringer i kvartalet",
    "no_moves": "Ingen bedrifter endret status i kvartalet.",
    "no_companies": "Ingen bedrifter er registrert ennå.",
    "date": "Dato",
    "from": "Fra",
    "to": "Til",
    "note": "Merknad",
    "funnel": "Rekrutteringstrakt",
    "funnel_caption": "Bedrifter som har nådd minst dette trinnet",
    "funnel_stage": {
        "identified": "Identifisert",
        "contacted": "Kontaktet",
        "mapped": "Kartlagt",
        "recruited": "Rekruttert",
    },
    "exited": "Gått ut av løpet (takket nei, trukket seg, ikke aktuell)",
    # 3 Measures
    "measures": "Tiltak",
    "per_kind": "Tiltak per type",
    "per_area": "Tiltak per innsatsområde",
    "kind": "Type",
    "area": "Innsatsområde",
    "started_quarter": "Startet i kvartalet",
    "completed_quarter": "Avsluttet i kvartalet",
    "cancelled_quarter": "Avbrutt i kvartalet",
    "granted_quarter": "Nye tilsagn i kvartalet",
    "running": "Pågår ved kvartalets slutt",
    "measure": "Tiltak",
    "owner_col": "Hos",
    "granted": "Bevilget",
    "start": "Start",
    "end": "Slutt",
    # 4 Clusters
    "clusters": "Klynger",
    "cluster": "Klynge",
    "members": "Medlemmer",
    "no_clusters": "Ingen klynger er registrert ennå.",
    # 5 Budget
    "budget": "Budsjett",
    "allocation": "Ramme for området",
    "paid_to_date": "Utbetalt totalt",
    "paid_quarter": "Utbetalt i kvartalet",
    "remaining": "Gjenstår",
    "pct_committed": "Bevilget av rammen",
    "allocated": "Fordelt på innsatsområder",
    "unallocated": "Ikke fordelt",
    "frame_remaining": "Gjenstår av rammen",
    "budget_chart": "Budsjett per innsatsområde",
    "legend_allocation": "Ramme",
    "legend_committed": "Bevilget",
    "legend_paid": "Utbetalt",
    # 6 Milestones
    "milestones": "Milepæler",
    "milestone": "Milepæl",
    "done_quarter": "Nådd i kvartalet",
    "overdue": "Forsinket ved kvartalets slutt",
    "due_next": "Frist i neste kvartal",
    "due": "Frist",
    "done": "Nådd",
    "not_done": "ikke nådd",
    # 7 Narrative
    "narrative": "Kommentarer fra prosjektleder",
    "no_narrative": "Det er ikke skrevet noen kommentar for dette kvartalet",
    "expected_in": "ventet i",
    # 8 Data quality
    "data_quality": "Datakvalitet",
    "warnings_intro": "`bif check` gir disse advarslene for dataene",
    "no_warnings": "`bif check` gir ingen advarsler for dataene.",
    "made_with": "Laget med bif fra programmets datafiler.",
    "page": "Side",
    "status_name": {
        "identified": "Identifisert",
        "contacted": "Kontaktet",
        "mapped": "Kartlagt",
        "agreement": "Avtale inngått",
        "completed": "Avsluttet",
        "declined": "Takket nei",
        "withdrawn": "Trukket seg",
        "not_eligible": "Ikke aktuell",
    },
    "cluster_status_name": {
        "identified": "Identifisert",
        "mapped": "Kartlagt",
        "established": "Etablert",
        "completed": "Avsluttet",
        "discontinued": "Lagt ned",
    },
    "kind_name": {
        "rnd": "FoU-prosjekt",
        "competence": "Kompetanseheving",
        "leadership": "Lederutvikling",
        "digital": "Digital forretningsutvikling",
        "cabin_market": "Verdiskaping hyttemarked",
        "welfare_tech": "Velferdsteknologi",
        "strategy": "Strategi- og forretningsutvikling",
        "network": "Nettverk og møteplasser",
        "staff": "Personell",
        "evaluation": "Evaluering",
        "other": "Annet",
    },
}

EN: Texts = {
    "lang": "en",
    "report": "Quarterly report",
    "quarter_word": "quarter",
    "period": "Period",
    "owner": "Programme owner",
    "responsible": "Responsible",
    "responsible_col": "Responsible",
    "board": "Programme board",
    "report_to": "Reported to",
    "programme_period": "Programme period",
    "as_of": "All figures show the programme as it stood on",
    "contents": "Contents",
    "none": "None.",
    "total": "Total",
    "programme": "The programme",
    "summary": "Summary",
    "key_figure": "Key figure",
    "at_end": "At the end of the quarter",
    "change": "Change in the quarter",
    "in_quarter": "this quarter",
    "key_figures": "Key figures",
    "recruited": "Companies recruited (agreement signed)",
    "main_goal": "Companies engaged in competence or R&D measures (the main goal)",
    "in_pipeline": "Companies in the recruitment pipeline",
    "clusters_established": "Clusters established",
    "committed": "Committed",
    "paid": "Paid",
    "frame": "Frame",
    "of_frame": "of the frame",
    "recruitment": "Recruitment",
    "per_status_region": "Companies by status and region",
    "status": "Status",
    "companies": "The companies",
    "company": "Company",
    "region": "Region",
    "municipality": "Municipality",
    "since": "Since",
    "process_leader": "Process leader",
    "moves": "Changes in the quarter",
    "no_moves": "No company changed status in the quarter.",
    "no_companies": "No companies are registered yet.",
    "date": "Date",
    "from": "From",
    "to": "To",
    "note": "Note",
    "funnel": "Recruitment funnel",
    "funnel_caption": "Companies that have reached at least this stage",
    "funnel_stage": {
        "identified": "Identified",
        "contacted": "Contacted",
        "mapped": "Mapped",
        "recruited": "Recruited",
    },
    "exited": "Left the pipeline (declined, withdrawn, not eligible)",
    "measures": "Measures",
    "per_kind": "Measures by kind",
    "per_area": "Measures by budget area",
    "kind": "Kind",
    "area": "Budget area",
    "started_quarter": "Started in the quarter",
    "completed_quarter": "Completed in the quarter",
    "cancelled_quarter": "Cancelled in the quarter",
    "granted_quarter": "New grants in the quarter",
    "running": "Running at the end of the quarter",
    "measure": "Measure",
    "owner_col": "For",
    "granted": "Granted",
    "start": "Start",
    "end": "End",
    "clusters": "Clusters",
    "cluster": "Cluster",
    "members": "Members",
    "no_clusters": "No clusters are registered yet.",
    "budget": "Budget",
    "allocation": "Allocation",
    "paid_to_date": "Paid to date",
    "paid_quarter": "Paid in the quarter",
    "remaining": "Remaining",
    "pct_committed": "Committed of allocation",
    "allocated": "Allocated to budget areas",
    "unallocated": "Not allocated",
    "frame_remaining": "Remaining of the frame",
    "budget_chart": "Budget by area",
    "legend_allocation": "Allocation",
    "legend_committed": "Committed",
    "legend_paid": "Paid",
    "milestones": "Milestones",
    "milestone": "Milestone",
    "done_quarter": "Reached in the quarter",
    "overdue": "Overdue at the end of the quarter",
    "due_next": "Due next quarter",
    "due": "Due",
    "done": "Reached",
    "not_done": "not reached",
    "narrative": "Comments from the project leader",
    "no_narrative": "No comments were written for this quarter",
    "expected_in": "expected in",
    "data_quality": "Data quality",
    "warnings_intro": "`bif check` gives these warnings for the data",
    "no_warnings": "`bif check` gives no warnings for the data.",
    "made_with": "Made with bif from the programme's data files.",
    "page": "Page",
    "status_name": {
        "identified": "Identified",
        "contacted": "Contacted",
        "mapped": "Mapped",
        "agreement": "Agreement signed",
        "completed": "Completed",
        "declined": "Declined",
        "withdrawn": "Withdrawn",
        "not_eligible": "Not eligible",
    },
    "cluster_status_name": {
        "identified": "Identified",
        "mapped": "Mapped",
        "established": "Established",
        "completed": "Completed",
        "discontinued": "Discontinued",
    },
    "kind_name": {
        "rnd": "R&D project",
        "competence": "Competence building",
        "leadership": "Leadership development",
        "digital": "Digital business development",
        "cabin_market": "Cabin market value creation",
        "welfare_tech": "Welfare technology",
        "strategy": "Strategy and business development",
        "network": "Networks and meeting places",
        "staff": "Staff",
        "evaluation": "Evaluation",
        "other": "Other",
    },
}

CATALOGUES: dict[str, Texts] = {"nb": NB, "en": EN}


def catalogue(lang: str) -> Texts:
    """Return the texts for a language (nb or en)."""
    return CATALOGUES[lang]


# ---------------------------------------------------------------------------------------------
# Problems: what `bif check` and the commands say about the data, by message id.
# A Problem carries a message id and its arguments; the text is made here, in the language
# asked for, only when it is printed or shaped into JSON. Placeholders take a spec:
#   {x:kr}    money in whole kroner (1 250 000 kr)     {x:grp}  1 250 000
#   {x:term}  a word looked up in TERMS                {x:list} choices, "none defined" if none
#   {x:or}    'a', 'b' or 'c'                          {x:all}  every choice, in full
#   {n:n|one|many}  the count and the word in its number
# An id missing here is shown as written (so a message added before its translation still
# reads); tests/test_texts.py keeps every id in both languages.

Arg = str | int | tuple[str, ...]
Args = tuple[tuple[str, Arg], ...]

MESSAGES: dict[str, dict[str, str]] = {
    # The loader: bytes and YAML
    "BIF001.unreadable": {
        "en": "cannot read the file: {reason}",
        "nb": "kan ikke lese filen: {reason}",
    },
    "BIF002.encoding": {
        "en": "the file is not valid UTF-8 (byte 0x{byte}); "
        "re-save it as UTF-8 (it may be Latin-1 or Windows-1252)",
        "nb": "filen er ikke gyldig UTF-8 (byte 0x{byte}); lagre den på nytt som UTF-8 "
        "(den kan være lagret som Latin-1 eller Windows-1252)",
    },
    "BIF003.too_big": {
        "en": "the file is over {limit:,} bytes, the most bif reads; split or trim it",
        "nb": "filen er større enn {limit:grp} byte, som er det meste bif leser; "
        "del den opp eller gjør den kortere",
    },
    "BIF004.syntax": {
        "en": "YAML syntax error: {reason}",
        "nb": "feil i YAML-oppsettet: {reason}",
    },
    "BIF004.error": {
        "en": "YAML error: {reason}",
        "nb": "feil i YAML: {reason}",
    },
    "BIF004.documents": {
        "en": "a second YAML document (---) in one file; keep one per file",
        "nb": "et nytt YAML-dokument (---) i samme fil; ha bare ett per fil",
    },
    "BIF005.duplicate_key": {
        "en": "duplicate key '{key}' (first at line {first_line}); keep only one",
        "nb": "nøkkelen '{key}' står to ganger (første gang på linje {first_line}); behold bare én",
    },
    "BIF006.alias": {
        "en": "alias *{anchor} is not allowed; write the value out in full",
        "nb": "henvisningen *{anchor} er ikke tillatt; skriv verdien helt ut",
    },
    "BIF006.anchor": {
        "en": "anchor &{anchor} is not allowed; write each value out in full",
        "nb": "ankeret &{anchor} er ikke tillatt; skriv hver verdi helt ut",
    },
    "BIF007.tag": {
        "en": "explicit tag {tag!r} is not allowed; remove it (bif decides the types)",
        "nb": "typemerket {tag!r} er ikke tillatt; fjern det (bif bestemmer typene selv)",
    },
    "BIF008.not_plain": {
        "en": "a key must be a plain name (for example `status:`), not a list or mapping",
        "nb": "en nøkkel må være et enkelt navn (for eksempel `status:`), "
        "ikke en liste eller en gruppe felt",
    },
    "BIF008.empty": {
        "en": "a key is empty; write a field name",
        "nb": "en nøkkel er tom; skriv et feltnavn",
    },
    "BIF009.too_deep": {
        "en": "nesting deeper than {limit} levels; bif's files are never this deep",
        "nb": "innrykket går dypere enn {limit} nivåer; filene til bif er aldri så dype",
    },
    "BIF010.tab": {
        "en": "tab character: indent with spaces, and write no tabs in values",
        "nb": "tabulatortegn: rykk inn med mellomrom, og skriv ingen tabulator i verdiene",
    },
    "BIF010.control": {
        "en": "control character U+{codepoint} is not allowed; remove it",
        "nb": "kontrolltegnet U+{codepoint} er ikke tillatt; fjern det",
    },
    "BIF011.conflict": {
        "en": "unresolved merge conflict: keep the right version and remove the "
        "<<<<<<<, ======= and >>>>>>> lines",
        "nb": "uløst flettekonflikt: behold riktig versjon og fjern linjene "
        "<<<<<<<, ======= og >>>>>>>",
    },
    "BIF012.empty": {
        "en": "the file is empty; it should hold a mapping of fields (key: value)",
        "nb": "filen er tom; den skal inneholde felt (nøkkel: verdi)",
    },
    "BIF012.not_mapping": {
        "en": "expected a mapping of fields (key: value) at the top, found {found:term}",
        "nb": "forventet felt (nøkkel: verdi) øverst i filen, fant {found:term}",
    },
    "BIF012.too_big": {
        "en": "the file is over 1 MB; shorten it",
        "nb": "filen er større enn 1 MB; gjør den kortere",
    },
    "BIF013.cut": {
        "en": "{field}: the text is cut short at ' #' (YAML reads the rest as a comment); "
        "put the whole value in quotes",
        "nb": "{field}: teksten blir kuttet ved ' #' (YAML leser resten som en kommentar); "
        "sett hele verdien i anførselstegn",
    },
    # The loader: files and folders
    "BIF014.symlink": {
        "en": "symbolic links are not allowed here; put the file itself in the folder",
        "nb": "symbolske lenker er ikke tillatt her; legg selve filen i mappen",
    },
    "BIF014.not_yaml": {
        "en": "only <id>.yaml files belong in {folder}/; rename or move '{name}'",
        "nb": "bare <id>.yaml-filer hører hjemme i {folder}/; "
        "gi '{name}' nytt navn eller flytt den",
    },
    "BIF014.case": {
        "en": "'{name}' differs from '{lower}.yaml' only in letter case; "
        "keep one file with a lower-case name",
        "nb": "'{name}' skiller seg fra '{lower}.yaml' bare med store og små bokstaver; "
        "behold én fil med små bokstaver i navnet",
    },
    "BIF014.bad_id": {
        "en": "'{stem}' is not a valid id: use lower-case letters a-z, digits and '-', "
        "starting with a letter or digit (at most 60)",
        "nb": "'{stem}' er ikke en gyldig id: bruk små bokstaver a-z, sifre og '-', "
        "og begynn med en bokstav eller et siffer (høyst 60 tegn)",
    },
    "BIF015.leftover": {
        "en": "leftover temporary file from an interrupted write; delete it",
        "nb": "midlertidig fil etter en lagring som ble avbrutt; slett den",
    },
    "BIF016.missing": {
        "en": "the file {file} is missing; every programme needs it",
        "nb": "filen {file} mangler; alle programmer trenger den",
    },
    "BIF017.unreadable": {
        "en": "cannot read the file: {reason}",
        "nb": "kan ikke lese filen: {reason}",
    },
    # Hostile files and folders
    "BIF010.escaped": {
        "en": "control character U+{codepoint} (written as an escape in quotes) is not "
        "allowed; remove it",
        "nb": "kontrolltegnet U+{codepoint} (skrevet som escape-sekvens i anførselstegn) er "
        "ikke tillatt; fjern det",
    },
    "BIF014.reserved": {
        "en": "'{stem}' is a reserved name on Windows, so the repository could not be "
        "checked out there; choose another id",
        "nb": "'{stem}' er et reservert navn i Windows, så repoet kan ikke sjekkes ut der; "
        "velg en annen id",
    },
    "BIF018.tracked": {
        "en": "git tracks the cache folder {folder}/, so bif ignores it (a cache is trusted "
        "only from this machine); remove it: git rm -r --cached {folder}",
        "nb": "git sporer hurtigbuffermappen {folder}/, så bif ser bort fra den (bif stoler "
        "bare på en hurtigbuffer fra denne maskinen); fjern den: git rm -r --cached {folder}",
    },
    "BIF019.outside": {
        "en": "this is a symbolic link (or lies in a linked folder) that leads outside the "
        "programme folder, to {target}; put the real file or folder here instead",
        "nb": "dette er en symbolsk lenke (eller ligger i en lenket mappe) som peker ut av "
        "programmappen, til {target}; legg den ekte filen eller mappen her i stedet",
    },
    "BIF020.not_regular": {
        "en": "this is not a regular file (a fifo, device or folder); bif reads only plain "
        "files: put the file itself here",
        "nb": "dette er ikke en vanlig fil (en fifo, en enhet eller en mappe); bif leser bare "
        "vanlige filer: legg selve filen her",
    },
    "BIF021.hidden": {
        "en": "hidden file '{name}' is not read; rename it to <id>.yaml or delete it",
        "nb": "den skjulte filen '{name}' blir ikke lest; gi den navnet <id>.yaml eller slett den",
    },
    "BIF201.member": {
        "en": "duplicate member '{member}' (first at line {first_line}); list each company once",
        "nb": "medlemmet '{member}' står to ganger (første gang på linje {first_line}); "
        "før opp hver bedrift bare én gang",
    },
    "BIF320.far_date": {
        "en": "the date {day} is before {first} or after {last}; is the year a typo? "
        "(bif reports only on {first}–{last})",
        "nb": "datoen {day} er før {first} eller etter {last}; er årstallet feil? "
        "(bif rapporterer bare på {first}–{last})",
    },
    # The models: fields
    "BIF101.suggest": {
        "en": "unknown field '{name}'; did you mean '{close}'?",
        "nb": "ukjent felt '{name}'; mente du '{close}'?",
    },
    "BIF101.unknown": {
        "en": "unknown field '{name}'; remove it or check the spelling",
        "nb": "ukjent felt '{name}'; fjern det eller sjekk stavemåten",
    },
    "BIF102.missing": {
        "en": "missing required field '{name}'",
        "nb": "mangler feltet '{name}', som må være med",
    },
    "BIF103.literal": {
        "en": "{name}: {found:term} is not valid; use one of {expected:or}",
        "nb": "{name}: {found:term} er ikke gyldig; bruk en av {expected:or}",
    },
    "BIF103.type": {
        "en": "{name}: expected {expected:term}, found {found:term}",
        "nb": "{name}: forventet {expected:term}, fant {found:term}",
    },
    "BIF103.needs_entry": {
        "en": "{name}: needs at least one entry",
        "nb": "{name}: trenger minst én oppføring",
    },
    "BIF103.empty": {
        "en": "{name}: must not be empty",
        "nb": "{name}: kan ikke være tom",
    },
    "BIF103.other": {
        "en": "{name}: {detail}",
        "nb": "{name}: verdien er ikke gyldig ({detail})",
    },
    "BIF103.whole": {
        "en": "{name}: expected a whole number, got {got}",
        "nb": "{name}: forventet et helt tall, fikk {got}",
    },
    "BIF103.bool": {
        "en": "{name}: expected true or false, got {got}",
        "nb": "{name}: forventet true eller false, fikk {got}",
    },
    "BIF103.pattern": {
        "en": "{name}: {got} is not a valid {what:term}",
        "nb": "{name}: {got} er ikke gyldig som {what:term}",
    },
    "BIF104.format": {
        "en": "{name}: expected a date written YYYY-MM-DD, got {got}",
        "nb": "{name}: forventet en dato skrevet ÅÅÅÅ-MM-DD, fikk {got}",
    },
    "BIF104.calendar": {
        "en": "{name}: {got} is not a real calendar date",
        "nb": "{name}: {got} er ikke en dato som finnes i kalenderen",
    },
    "BIF105.money": {
        "en": "{name}: expected whole kroner as digits (like 250000 or 250 000, no decimals, "
        "units or signs), got {got}",
        "nb": "{name}: forventet hele kroner skrevet med sifre (som 250000 eller 250 000, "
        "uten desimaler, enhet eller fortegn), fikk {got}",
    },
    "BIF106.quotes": {
        "en": '{name}: an organisation number is 9 digits written in quotes, like "921588135"; '
        "got {got}",
        "nb": '{name}: et organisasjonsnummer er 9 sifre skrevet i anførselstegn, som "921588135"; '
        "fikk {got}",
    },
    "BIF106.digits": {
        "en": "{name}: an organisation number has 9 digits, got {got}",
        "nb": "{name}: et organisasjonsnummer har 9 sifre, fikk {got}",
    },
    "BIF106.check_digit": {
        "en": "{name}: organisation number {got} has a wrong check digit; "
        "check it in Brønnøysundregistrene",
        "nb": "{name}: organisasjonsnummer {got} har feil kontrollsiffer; "
        "sjekk det i Brønnøysundregistrene",
    },
    "BIF107.one_line": {
        "en": "{name}: this field must be on one line; remove the line break",
        "nb": "{name}: feltet må stå på én linje; fjern linjeskiftet",
    },
    # The rules: across files
    "BIF201.duplicate": {
        "en": "duplicate {what:term} id '{value}' (first at line {first_line}); ids must be unique",
        "nb": "id '{value}' er brukt to ganger ({what:term}, første gang på linje {first_line}); "
        "hver id må være unik",
    },
    "BIF201.municipality": {
        "en": "municipality {municipality} is in both '{first}' and '{region}'; "
        "it belongs to one region",
        "nb": "kommune {municipality} står både i '{first}' og i '{region}'; "
        "en kommune hører til én region",
    },
    "BIF202.org_number": {
        "en": "organisation number {number} is also used by {other_file}; one company, one file",
        "nb": "organisasjonsnummer {number} er også brukt av bedriften '{other}'; "
        "én bedrift, én fil",
    },
    "BIF203.municipality": {
        "en": "municipality {municipality} is not in {region}; use one of {listed}",
        "nb": "kommune {municipality} ligger ikke i {region}; bruk en av {listed}",
    },
    "BIF204.unknown": {
        "en": "unknown {what:term} '{value}'; use one of {choices:list}",
        "nb": "ukjent {what:term} '{value}'; bruk en av {choices:list}",
    },
    "BIF204.company": {
        "en": "unknown company '{member}': there is no {file}",
        "nb": "ukjent bedrift '{member}': det finnes ingen bedrift med den id-en",
    },
    "BIF205.order": {
        "en": "history is out of order: {later} comes after {earlier}; list entries oldest first",
        "nb": "historikken står i feil rekkefølge: {later} kommer etter {earlier}; "
        "før opp den eldste først",
    },
    "BIF206.needs_earlier": {
        "en": "'completed' needs an earlier '{needed}' entry in the history",
        "nb": "'completed' (avsluttet) krever at '{needed}' står tidligere i historikken",
    },
    "BIF207.needs_plan": {
        "en": "'completed' needs a continuation_plan (plan for videreføring); "
        "add `continuation_plan: …` to the file",
        "nb": "'completed' (avsluttet) krever en plan for videreføring; "
        "legg til `continuation_plan: …` i filen",
    },
    "BIF208.before_grant": {
        "en": "payment dated {paid_on} is before the grant ({granted_on}) of measure '{measure}'",
        "nb": "utbetalingen datert {paid_on} er før tilsagnet ({granted_on}) "
        "til tiltaket '{measure}'",
    },
    "BIF209.over_grant": {
        "en": "payments to measure '{measure}' add up to {paid:kr}, more than the {granted:kr} "
        "granted",
        "nb": "utbetalingene til tiltaket '{measure}' er til sammen {paid:kr}, mer enn de "
        "{granted:kr} som er bevilget",
    },
    "BIF209.over_grant_by": {
        "en": "payments to measure '{measure}' add up to {paid:kr} by {when}, more than the "
        "{granted:kr} granted",
        "nb": "utbetalingene til tiltaket '{measure}' er til sammen {paid:kr} per {when}, "
        "mer enn de {granted:kr} som er bevilget",
    },
    "BIF210.over_frame": {
        "en": "the areas' allocations add up to {allocated:kr}, more than the frame of {frame:kr}",
        "nb": "innsatsområdenes rammer er til sammen {allocated:kr}, mer enn programmets ramme "
        "på {frame:kr}",
    },
    "BIF211.over_allocation": {
        "en": "area {area} ({name}): {committed:kr} committed by {when} is above its allocation "
        "of {allocation:kr} by {over:kr}",
        "nb": "innsatsområde {area} ({name}): {committed:kr} bevilget innen {when} er {over:kr} "
        "over områdets ramme på {allocation:kr}",
    },
    "BIF211.over_allocation_on": {
        "en": "area {area} ({name}): {committed:kr} committed on {when} is above its allocation "
        "of {allocation:kr} by {over:kr}",
        "nb": "innsatsområde {area} ({name}): {committed:kr} bevilget per {when} er {over:kr} "
        "over områdets ramme på {allocation:kr}",
    },
    "BIF212.ends_before": {
        "en": "measure '{measure}' ends ({end}) before it starts ({start})",
        "nb": "tiltaket '{measure}' slutter ({end}) før det starter ({start})",
    },
    "BIF212.cancelled_before": {
        "en": "measure '{measure}' is cancelled ({cancelled_on}) before it was granted "
        "({granted_on})",
        "nb": "tiltaket '{measure}' er avbrutt ({cancelled_on}) før det fikk tilsagn "
        "({granted_on})",
    },
    "BIF301.no_note": {
        "en": "'{status}' without a note; add `note: …` saying why",
        "nb": "'{status}' uten merknad; legg til `note: …` som forteller hvorfor",
    },
    "BIF302.excluded": {
        "en": "NACE {nace} falls under excluded code {prefix} "
        "(outside the programme's target group)",
        "nb": "NACE {nace} hører inn under den utelukkede koden {prefix} "
        "(utenfor programmets målgruppe)",
    },
    "BIF303.market": {
        "en": "market '{market}': the target group sells nationally or internationally",
        "nb": "marked '{market}': målgruppen selger nasjonalt eller internasjonalt",
    },
    "BIF304.before_agreement": {
        "en": "measure '{measure}' is granted {granted_on}, before its agreement ({agreed})",
        "nb": "tiltaket '{measure}' er bevilget {granted_on}, før bedriften fikk avtale ({agreed})",
    },
    "BIF304.no_agreement": {
        "en": "measure '{measure}' is granted {granted_on}, without an agreement",
        "nb": "tiltaket '{measure}' er bevilget {granted_on}, uten at bedriften har avtale",
    },
    "BIF305.start": {
        "en": "measure '{measure}' starts {value}, outside the programme period {start} to {end}",
        "nb": "tiltaket '{measure}' starter {value}, utenfor programperioden {start} til {end}",
    },
    "BIF305.end": {
        "en": "measure '{measure}' ends {value}, outside the programme period {start} to {end}",
        "nb": "tiltaket '{measure}' slutter {value}, utenfor programperioden {start} til {end}",
    },
    "BIF306.small": {
        "en": "the cluster has {count} member(s); a cluster needs at least 3",
        "nb": "klyngen har {count} medlem(mer); en klynge trenger minst 3",
    },
    "BIF307.unallocated": {
        "en": "{unallocated:kr} of the frame is not yet allocated to an area",
        "nb": "{unallocated:kr} av rammen er ennå ikke fordelt på et innsatsområde",
    },
    "BIF308.short": {
        "en": "funding adds up to {funded:kr}, {short:kr} short of the frame of {frame:kr}",
        "nb": "finansieringen er til sammen {funded:kr}, {short:kr} mindre enn rammen "
        "på {frame:kr}",
    },
    "BIF310.open_measure": {
        "en": "'{status}' since {since}, but measure '{measure}' is neither ended nor "
        "cancelled; run `bif cancel-measure {owner} {measure}` or add "
        "`cancelled_on: YYYY-MM-DD` to the measure",
        "nb": "'{status}' siden {since}, men tiltaket '{measure}' er verken avsluttet eller "
        "avbrutt; kjør `bif cancel-measure {owner} {measure}` eller legg til "
        "`cancelled_on: ÅÅÅÅ-MM-DD` i tiltaket",
    },
    "BIF309.overdue": {
        "en": "milestone '{milestone}' was due {due} and is not done; add "
        "`done: YYYY-MM-DD` or move `due`",
        "nb": "milepælen '{milestone}' hadde frist {due} og er ikke nådd; legg til "
        "`done: ÅÅÅÅ-MM-DD` eller flytt `due`",
    },
}

# What the commands say around the problems.
MESSAGES.update(
    {
        "lock.unusable": {
            "en": "{lock} in the programme folder is not a plain file in a plain folder; "
            "delete {folder}/ and run the command again. Nothing was written",
            "nb": "{lock} i programmappen er ikke en vanlig fil i en vanlig mappe; slett "
            "{folder}/ og kjør kommandoen på nytt. Ingenting ble skrevet",
        },
        "lock.failed": {
            "en": "cannot take the programme's lock {lock} ({reason}); nothing was written",
            "nb": "kan ikke låse programmet med {lock} ({reason}); ingenting ble skrevet",
        },
        "edit.unfaithful_layout": {
            "en": "bif cannot edit {file} and keep every other line as you wrote it (the "
            "layout cannot be kept, line {line}: comments around `---` or `...`, or a list in "
            "[ ] over several lines with comments); nothing was written. Make this change by "
            "hand, or write the file in bif's layout (one `- {{...}}` entry a line)",
            "nb": "bif kan ikke endre {file} og samtidig beholde alle andre linjer slik du skrev "
            "dem (oppsettet kan ikke beholdes, linje {line}: kommentarer rundt `---` eller "
            "`...`, eller en liste i [ ] over flere linjer med kommentarer); ingenting ble "
            "skrevet. Gjør endringen for hånd, eller skriv filen slik bif gjør (én "
            "`- {{...}}` per linje)",
        },
        "edit.unfaithful_lines": {
            "en": "bif cannot edit {file} and keep every other line as you wrote it (the edit "
            "would rewrite lines around it, line {line}: comments around `---` or `...`, or a "
            "list in [ ] over several lines with comments); nothing was written. Make this "
            "change by hand, or write the file in bif's layout (one `- {{...}}` entry a line)",
            "nb": "bif kan ikke endre {file} og samtidig beholde alle andre linjer slik du skrev "
            "dem (endringen ville skrevet om linjene rundt, linje {line}: kommentarer rundt "
            "`---` eller `...`, eller en liste i [ ] over flere linjer med kommentarer); "
            "ingenting ble skrevet. Gjør endringen for hånd, eller skriv filen slik bif gjør "
            "(én `- {{...}}` per linje)",
        },
        "write.outside": {
            "en": "{file}: this is a symbolic link (or lies in a linked folder) that leads "
            "outside the programme folder, to {target}; put the real file or folder here "
            "instead; nothing was written",
            "nb": "{file}: dette er en symbolsk lenke (eller ligger i en lenket mappe) som "
            "peker ut av programmappen, til {target}; legg den ekte filen eller mappen her i "
            "stedet; ingenting ble skrevet",
        },
        "write.not_regular": {
            "en": "{file}: this is not a regular file (a fifo, device or folder); bif reads "
            "only plain files: put the file itself here; nothing was written",
            "nb": "{file}: dette er ikke en vanlig fil (en fifo, en enhet eller en mappe); bif "
            "leser bare vanlige filer: legg selve filen her; ingenting ble skrevet",
        },
        "write.empty_company_id": {
            "en": "--id is empty; give an id like 'lom-bakeri', or leave --id out to make one "
            "from the name",
            "nb": "--id er tom; gi en id som 'lom-bakeri', eller utelat --id så lages den av "
            "navnet",
        },
        "write.empty_measure_id": {
            "en": "--id is empty; give an id like 'fou-2015', or leave --id out to make one "
            "from the title",
            "nb": "--id er tom; gi en id som 'fou-2015', eller utelat --id så lages den av "
            "tittelen",
        },
        "write.reserved_id": {
            "en": "'{id}' is a reserved name on Windows, so the repository could not be checked "
            "out there; choose another id with --id",
            "nb": "'{id}' er et reservert navn i Windows, så repoet kan ikke sjekkes ut der; "
            "velg en annen id med --id",
        },
        "output.no_file": {
            "en": "-o needs a file name, like -o q2-2015.html",
            "nb": "-o trenger et filnavn, som -o q2-2015.html",
        },
        "output.protected": {
            "en": "-o {path} is inside the programme's {folder}/ folder, which holds what "
            "people write; write generated files elsewhere (like -o rapporter/q2-2015.html)",
            "nb": "-o {path} ligger i programmets {folder}/-mappe, som har det folk skriver; "
            "skriv genererte filer et annet sted (som -o rapporter/q2-2015.html)",
        },
        "output.not_regular": {
            "en": "-o {path} exists and is not a regular file (a folder, device or fifo); "
            "name a file",
            "nb": "-o {path} finnes og er ikke en vanlig fil (en mappe, en enhet eller en fifo); "
            "oppgi en fil",
        },
        "output.cannot_write": {
            "en": "cannot write {path}: {reason}",
            "nb": "kan ikke skrive {path}: {reason}",
        },
        "init.cannot_create": {
            "en": "cannot create the programme in {folder}: {reason}; nothing was left behind",
            "nb": "kan ikke opprette programmet i {folder}: {reason}; ingenting ble liggende igjen",
        },
        "diff.shallow": {
            "en": "git found no common ancestor of {branch} and HEAD; this is a shallow clone: "
            "fetch more history (`git fetch --unshallow`, or `fetch-depth: 0` in "
            "actions/checkout), or name the base: bif diff BASE",
            "nb": "git fant ingen felles forgjenger for {branch} og HEAD; dette er en grunn "
            "klone: hent mer historikk (`git fetch --unshallow`, eller `fetch-depth: 0` i "
            "actions/checkout), eller oppgi grunnlaget: bif diff BASE",
        },
        "diff.unrelated": {
            "en": "git found no common ancestor of {branch} and HEAD; the two share no history, "
            "or name the base: bif diff BASE",
            "nb": "git fant ingen felles forgjenger for {branch} og HEAD; de har ingen felles "
            "historikk; oppgi grunnlaget: bif diff BASE",
        },
        "lock.busy": {
            "en": "another bif command is writing to this programme ({lock} has been held for "
            "{seconds} seconds); nothing was written. Run the command again when it has "
            "finished (BIF_LOCK_TIMEOUT sets how long to wait)",
            "nb": "en annen bif-kommando skriver til programmet ({lock} har vært låst i "
            "{seconds} sekunder); ingenting ble skrevet. Kjør kommandoen på nytt når den andre "
            "er ferdig (BIF_LOCK_TIMEOUT sier hvor lenge bif venter)",
        },
        "check.ok": {
            "en": "OK: {files} files checked, no problems.",
            "nb": "OK: {files} filer sjekket, ingen problemer.",
        },
        "report.refused": {
            "en": "the data has {errors} error(s); fix them (see `bif check`) "
            "before making the report",
            "nb": "dataene har {errors} feil; rett dem (se `bif check`) før rapporten lages",
        },
        "report.warnings": {
            "en": "{warnings:n|warning|warnings} from bif check; they are not part of the report",
            "nb": "{warnings:n|advarsel|advarsler} fra bif check; de er ikke med i rapporten",
        },
        "report.draft": {
            "en": "the report is marked as a draft: {reasons}",
            "nb": "rapporten er merket som utkast: {reasons}",
        },
        "report.write": {
            "en": "write {path}",
            "nb": "skriv {path}",
        },
        "report.not_final": {
            "en": "not made: with --final the report cannot be a draft, and it is one: {reasons}",
            "nb": "ikke laget: med --final kan rapporten ikke være et utkast, og det er den: "
            "{reasons}",
        },
        "report.not_final_strict": {
            "en": "not made: with --final --strict there may be no warnings, and bif check "
            "gives {warnings}",
            "nb": "ikke laget: med --final --strict kan det ikke være advarsler, og bif check "
            "gir {warnings}",
        },
        "error.unknown_id": {
            "en": "unknown {what:term} '{value}'; use one of: {choices:all}",
            "nb": "ukjent {what:term} '{value}'; bruk en av: {choices:all}",
        },
        "error.unknown_id_close": {
            "en": "unknown {what:term} '{value}'; did you mean '{close}'?; "
            "use one of: {choices:all}",
            "nb": "ukjent {what:term} '{value}'; mente du '{close}'?; bruk en av: {choices:all}",
        },
        "error.unknown_measure_close": {
            "en": "unknown measure of {owner} '{value}'; did you mean '{close}'?; "
            "use one of: {choices:all}",
            "nb": "{owner} har ikke tiltaket '{value}'; mente du '{close}'?; "
            "bruk en av: {choices:all}",
        },
        "error.unknown_measure": {
            "en": "unknown measure of {owner} '{value}'; use one of: {choices:all}",
            "nb": "{owner} har ikke tiltaket '{value}'; bruk en av: {choices:all}",
        },
        "error.file_exists": {
            "en": "{file} already exists",
            "nb": "{file} finnes allerede",
        },
        "error.file_exists_give_id": {
            "en": "{file} already exists; if it is another one, give it an id with --id",
            "nb": "{file} finnes allerede; er det en annen, gi den en egen id med --id",
        },
        "error.measure_exists": {
            "en": "{file} already has a measure '{measure}'; give the new one another --id",
            "nb": "{file} har allerede et tiltak '{measure}'; gi det nye en annen --id",
        },
        "error.already_status": {
            "en": "{owner} is already {status} (since {since}); nothing written",
            "nb": "{owner} har allerede status {status} (siden {since}); ingenting er skrevet",
        },
        "error.already_done": {
            "en": "milestone '{milestone}' is already done ({done}); to change the date, "
            "edit {file}",
            "nb": "milepælen '{milestone}' er allerede nådd ({done}); for å endre datoen, "
            "rediger {file}",
        },
        "error.would_break": {
            "en": "nothing was written: the programme would have {errors:n|error|errors}",
            "nb": "ingenting er skrevet: programmet ville fått {errors:n|feil|feil}",
        },
        "error.fix_file_first": {
            "en": "{file} has errors; fix them first, then run the command again",
            "nb": "{file} har feil; rett dem først, og kjør kommandoen på nytt",
        },
        "error.overview_refused": {
            "en": "the programme has {errors} error(s); fix them (run `bif check`) "
            "before asking for an overview",
            "nb": "programmet har {errors} feil; rett dem (kjør `bif check`) "
            "før du ber om en oversikt",
        },
        "check.summary": {
            "en": "{errors:n|error|errors}, {warnings:n|warning|warnings} in {files} files.",
            "nb": "{errors:n|feil|feil}, {warnings:n|advarsel|advarsler} i {files} filer.",
        },
    }
)

# Words that messages name by id ({x:term}); a value not listed is shown as it is.
TERMS: dict[str, dict[str, str]] = {
    "en": {
        "region": "region",
        "person": "person",
        "area": "area",
        "budget_area": "budget area",
        "milestone": "milestone",
        "measure": "measure",
        "mapping": "a mapping",
        "mapping_kv": "a mapping (key: value)",
        "list": "a list",
        "text": "text",
        "single_value": "a single value",
        "nothing": "nothing",
        "nothing_empty": "nothing (empty)",
        "something_else": "something else",
        "id": "id (letters, digits, '-' and '_')",
        "company_id": "company id (a-z, 0-9 and '-')",
        "municipality_number": 'municipality number (4 digits in quotes, like "0511")',
        "nace_code": 'NACE code (SN2007, like "16.230")',
        "none_defined": "none defined",
        "owner": "company or cluster",
        "owner_or_costs": "company, cluster or `costs`",
        "company_status": "company status",
        "cluster_status": "cluster status",
        "or": "or",
    },
    "nb": {
        "region": "region",
        "person": "person",
        "area": "innsatsområde",
        "budget_area": "innsatsområde",
        "milestone": "milepæl",
        "measure": "tiltak",
        "mapping": "en gruppe felt",
        "mapping_kv": "en gruppe felt (nøkkel: verdi)",
        "list": "en liste",
        "text": "tekst",
        "single_value": "én enkelt verdi",
        "nothing": "ingenting",
        "nothing_empty": "ingenting (tomt)",
        "something_else": "noe annet",
        "id": "id (bokstaver, sifre, '-' og '_')",
        "company_id": "bedrifts-id (a-z, 0-9 og '-')",
        "municipality_number": 'kommunenummer (4 sifre i anførselstegn, som "0511")',
        "nace_code": 'NACE-kode (SN2007, som "16.230")',
        "none_defined": "ingen er definert",
        "owner": "bedrift eller klynge",
        "owner_or_costs": "bedrift, klynge eller `costs`",
        "company_status": "status for en bedrift",
        "cluster_status": "status for en klynge",
        "or": "eller",
    },
}

DEFAULT_LANGUAGE = "nb"

# Submitted reports keep their messages in a module of their own (issue #14).
from bif_cli.submitted_texts import MESSAGES as _SUBMITTED  # noqa: E402

MESSAGES.update(_SUBMITTED)


class _MessageFormatter(string.Formatter):
    """str.format with the specs above, in one language."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        terms = TERMS[self.lang]
        if format_spec == "kr":
            return kroner(value)
        if format_spec == "grp":
            return group_thousands(value)
        if format_spec == "term":
            return terms.get(value, str(value))
        if format_spec == "list":
            values = list(value)
            shown = ", ".join(values[:12]) + (", …" if len(values) > 12 else "")
            return shown or terms["none_defined"]
        if "|" in format_spec:  # {n:n|one|many}: the count and the word in its number
            _n, one, many = format_spec.split("|")
            return f"{value} {one if value == 1 else many}"
        if format_spec == "msg":  # a message inside a message: (id, key, value, key, value…)
            pairs = tuple(zip(value[1::2], value[2::2], strict=True))
            return message(value[0], pairs, self.lang)
        if format_spec == "all":  # every choice: a command's refusal lists what it accepts
            return ", ".join(value) or f"({terms['none_defined']})"
        if format_spec == "or":
            quoted = [f"'{v}'" for v in value]
            if len(quoted) < 2:
                return "".join(quoted)
            return f"{', '.join(quoted[:-1])} {terms['or']} {quoted[-1]}"
        return str(super().format_field(value, format_spec))


_FORMATTERS = {lang: _MessageFormatter(lang) for lang in LANGUAGES}


def message(text: str, args: Args, lang: str = DEFAULT_LANGUAGE) -> str:
    """Return a message in lang: the catalogue's text for the id, with its arguments."""
    entry = MESSAGES.get(text)
    if entry is None:
        return text
    if not args:
        return entry[lang]
    return _FORMATTERS[lang].vformat(entry[lang], (), dict(args))


def say(text: str, lang: str, **values: Arg) -> str:
    """Return a message in lang with its arguments given by name."""
    return message(text, tuple(values.items()), lang)


# The company register (Enhetsregisteret) and its snapshots in data/registry/
MESSAGES.update(
    {
        "BIF014.not_snapshot": {
            "en": "only <org number>.json files belong in {folder}/ (like 921588135.json); "
            "rename or move '{name}'",
            "nb": "bare <organisasjonsnummer>.json-filer hører hjemme i {folder}/ "
            "(som 921588135.json); gi '{name}' nytt navn eller flytt den",
        },
        "BIF014.linked_folder": {
            "en": "{folder} is a symbolic link; make it a real folder",
            "nb": "{folder} er en symbolsk lenke; gjør den til en vanlig mappe",
        },
        "BIF010.control_value": {
            "en": "control character U+{codepoint} in a value is not allowed",
            "nb": "kontrolltegnet U+{codepoint} i en verdi er ikke tillatt",
        },
        "BIF401.json": {
            "en": "not valid JSON: {reason}",
            "nb": "ikke gyldig JSON: {reason}",
        },
        "BIF401.shape": {
            "en": 'a snapshot is an object: {{"fetched": "YYYY-MM-DD", "record": {{…}}}}',
            "nb": 'et øyeblikksbilde er et objekt: {{"fetched": "ÅÅÅÅ-MM-DD", "record": {{…}}}}',
        },
        "BIF401.unknown_key": {
            "en": "unknown key '{key}'; a snapshot has fetched, record, and optionally "
            "fictional and deleted",
            "nb": "ukjent nøkkel '{key}'; et øyeblikksbilde har fetched, record og eventuelt "
            "fictional og deleted",
        },
        "BIF401.missing_key": {
            "en": "missing key '{key}'",
            "nb": "nøkkelen '{key}' mangler",
        },
        "BIF401.fetched": {
            "en": "fetched: expected a date written YYYY-MM-DD",
            "nb": "fetched: forventet en dato skrevet ÅÅÅÅ-MM-DD",
        },
        "BIF401.flag": {
            "en": "{key}: expected true or false",
            "nb": "{key}: forventet true eller false",
        },
        "BIF401.record": {
            "en": "record: {reason}",
            "nb": "record: {reason}",
        },
        "BIF401.other_number": {
            "en": "the record is of {found}, but the file is named {expected}.json",
            "nb": "posten gjelder {found}, men filen heter {expected}.json",
        },
        "BIF402.orphan": {
            "en": "no company in data/companies/ has organisation number {org_number}; "
            "delete the snapshot or fix the company's org_number",
            "nb": "ingen bedrift i data/companies/ har organisasjonsnummer {org_number}; "
            "slett øyeblikksbildet eller rett bedriftens org_number",
        },
        "BIF403.name": {
            "en": "the register calls {org_number} '{theirs}' ({snapshot}, fetched {fetched}); "
            "check the organisation number, or correct the name",
            "nb": "registeret kaller {org_number} «{theirs}» ({snapshot}, hentet {fetched}); "
            "sjekk organisasjonsnummeret, eller rett navnet",
        },
        "BIF404.nace": {
            "en": "the register has NACE {theirs}{described} for {org_number}, not {ours} "
            "({snapshot}, fetched {fetched})",
            "nb": "registeret har NACE {theirs}{described} for {org_number}, ikke {ours} "
            "({snapshot}, hentet {fetched})",
        },
        "BIF405.excluded": {
            "en": "the register's NACE {theirs} falls under excluded code {prefix} "
            "(outside the programme's target group)",
            "nb": "registerets NACE {theirs} hører inn under den utelukkede koden {prefix} "
            "(utenfor programmets målgruppe)",
        },
        "BIF406.municipality": {
            "en": "the register places {org_number} in {theirs}{number}, not in {ours} "
            "({snapshot}, fetched {fetched})",
            "nb": "registeret plasserer {org_number} i {theirs}{number}, ikke i {ours} "
            "({snapshot}, hentet {fetched})",
        },
        "BIF407.bankrupt": {
            "en": "the register says {name} ({org_number}) is konkurs (bankrupt) since {since} "
            "({snapshot}, fetched {fetched})",
            "nb": "registeret sier at {name} ({org_number}) er konkurs siden {since} "
            "({snapshot}, hentet {fetched})",
        },
        "BIF408.winding_up": {
            "en": "the register says {name} ({org_number}) is under avvikling (being wound up) "
            "since {since} ({snapshot}, fetched {fetched})",
            "nb": "registeret sier at {name} ({org_number}) er under avvikling siden {since} "
            "({snapshot}, hentet {fetched})",
        },
        "BIF408.forced": {
            "en": "the register says {name} ({org_number}) is under tvangsavvikling eller "
            "tvangsoppløsning (forced winding-up) since {since} ({snapshot}, fetched {fetched})",
            "nb": "registeret sier at {name} ({org_number}) er under tvangsavvikling eller "
            "tvangsoppløsning siden {since} ({snapshot}, hentet {fetched})",
        },
        "BIF409.deleted": {
            "en": "the register says {name} ({org_number}) is slettet (deleted from the "
            "register) {since} ({snapshot}, fetched {fetched})",
            "nb": "registeret sier at {name} ({org_number}) er slettet {since} "
            "({snapshot}, hentet {fetched})",
        },
        "BIF410.payment": {
            "en": "payment dated {date} on measure '{measure}' is after the company was {word} "
            "{end} in the register ({snapshot})",
            "nb": "utbetalingen datert {date} på tiltaket '{measure}' er etter at bedriften ble "
            "{word} {end} ifølge registeret ({snapshot})",
        },
        "BIF411.stale": {
            "en": "the register's record of {org_number} was fetched {fetched}, {days} days ago; "
            "run `bif registry refresh`",
            "nb": "registerets opplysninger om {org_number} ble hentet {fetched}, for {days} "
            "dager siden; kjør `bif registry refresh`",
        },
    }
)

# What `bif registry` and the register's help to `bif add-company` say.
MESSAGES.update(
    {
        "registry.org_number": {"en": "Organisation number", "nb": "Organisasjonsnummer"},
        "registry.name": {"en": "Name", "nb": "Navn"},
        "registry.form": {"en": "Organisation form", "nb": "Organisasjonsform"},
        "registry.nace": {"en": "NACE", "nb": "Næringskode"},
        "registry.employees": {"en": "Employees", "nb": "Ansatte"},
        "registry.municipality": {"en": "Municipality", "nb": "Kommune"},
        "registry.bankrupt": {"en": "Bankrupt (konkurs)", "nb": "Konkurs"},
        "registry.winding_up": {
            "en": "Being wound up (under avvikling)",
            "nb": "Under avvikling",
        },
        "registry.forced": {
            "en": "Forced winding-up (tvangsavvikling)",
            "nb": "Under tvangsavvikling",
        },
        "registry.deleted": {"en": "Deleted (slettet)", "nb": "Slettet"},
        "registry.yes": {"en": "yes", "nb": "ja"},
        "registry.yes_since": {"en": "yes, since {since}", "nb": "ja, siden {since}"},
        "registry.no": {"en": "no", "nb": "nei"},
        "registry.unknown": {
            "en": "{org_number} is not in the company register (Enhetsregisteret); "
            "check the number",
            "nb": "{org_number} finnes ikke i Enhetsregisteret; sjekk nummeret",
        },
        "registry.gone": {
            "en": "{org_number} has been deleted from the company register",
            "nb": "{org_number} er slettet fra Enhetsregisteret",
        },
        "registry.gone_on": {
            "en": "{org_number} has been deleted from the company register on {date}",
            "nb": "{org_number} ble slettet fra Enhetsregisteret {date}",
        },
        "registry.fictional_kept": {
            "en": "{company}: fictional snapshot, kept as it is",
            "nb": "{company}: fiktivt øyeblikksbilde, beholdt som det er",
        },
        "registry.not_found": {
            "en": "{company}: not in the company register; snapshot not written",
            "nb": "{company}: finnes ikke i Enhetsregisteret; øyeblikksbildet er ikke skrevet",
        },
        "registry.written": {
            "en": "{company}: snapshot written",
            "nb": "{company}: øyeblikksbilde skrevet",
        },
        "registry.updated": {
            "en": "{company}: snapshot updated",
            "nb": "{company}: øyeblikksbildet er oppdatert",
        },
        "registry.unchanged": {
            "en": "{company}: snapshot updated, no change",
            "nb": "{company}: øyeblikksbildet er oppdatert, ingen endring",
        },
        "registry.imported": {
            "en": "Read {units} units from {file}: {written} snapshot(s) written.",
            "nb": "Leste {units} enheter fra {file}: {written} øyeblikksbilde(r) skrevet.",
        },
        "registry.imported_fictional": {
            "en": "Read {units} units from {file}: {written} snapshot(s) written, "
            "{fictional} fictional kept.",
            "nb": "Leste {units} enheter fra {file}: {written} øyeblikksbilde(r) skrevet, "
            "{fictional} fiktive beholdt.",
        },
        "registry.absent": {
            "en": "Not in the file (deleted, or not a main unit): {companies}; "
            "their snapshots are unchanged",
            "nb": "Ikke i filen (slettet, eller ikke en hovedenhet): {companies}; "
            "øyeblikksbildene deres er uendret",
        },
        "registry.offline": {
            "en": "bif: note: going on without the company register: {reason}",
            "nb": "bif: merknad: fortsetter uten Enhetsregisteret: {reason}",
        },
        "registry.prefilled": {
            "en": "From the company register: {known}.",
            "nb": "Fra Enhetsregisteret: {known}.",
        },
        "registry.prefilled_name": {"en": "name {value}", "nb": "navn {value}"},
        "registry.prefilled_nace": {"en": "NACE {value}", "nb": "næringskode {value}"},
        "registry.prefilled_employees": {"en": "{value} employees", "nb": "{value} ansatte"},
        "registry.prefilled_municipality": {
            "en": "municipality {value}",
            "nb": "kommune {value}",
        },
        "registry.outside": {
            "en": "bif: note: the register places {org_number} in {municipality}, which is "
            "not one of the programme's municipalities",
            "nb": "bif: merknad: registeret plasserer {org_number} i {municipality}, som ikke "
            "er en av programmets kommuner",
        },
        "registry.other_name": {
            "en": "bif: warning: the register calls {org_number} '{theirs}', not '{ours}'; "
            "check the organisation number",
            "nb": "bif: advarsel: registeret kaller {org_number} «{theirs}», ikke «{ours}»; "
            "sjekk organisasjonsnummeret",
        },
        "registry.troubled": {
            "en": "bif: warning: the register says {org_number} is bankrupt or being wound up",
            "nb": "bif: advarsel: registeret sier at {org_number} er konkurs eller under avvikling",
        },
        "registry.refused_unknown": {
            "en": "{org_number} is not in the company register; check the number, or add the "
            "company with --offline",
            "nb": "{org_number} finnes ikke i Enhetsregisteret; sjekk nummeret, eller legg til "
            "bedriften med --offline",
        },
        "registry.refused_deleted": {
            "en": "{org_number} has been deleted from the company register; check the number, "
            "or add the company with --offline",
            "nb": "{org_number} er slettet fra Enhetsregisteret; sjekk nummeret, eller legg til "
            "bedriften med --offline",
        },
        "registry.kept": {
            "en": "Kept the register's record in {path}.",
            "nb": "Registerets opplysninger er lagret i {path}.",
        },
    }
)

# When the company register cannot be asked or read.
MESSAGES.update(
    {
        "registry.bad_url": {
            "en": "BIF_REGISTRY_URL must start with http:// or https://, not '{url}'",
            "nb": "BIF_REGISTRY_URL må begynne med http:// eller https://, ikke '{url}'",
        },
        "registry.bad_timeout": {
            "en": "BIF_REGISTRY_TIMEOUT must be a number of seconds between 0 and 600, "
            "not '{value}'",
            "nb": "BIF_REGISTRY_TIMEOUT må være et antall sekunder mellom 0 og 600, ikke '{value}'",
        },
        "registry.timeout": {
            "en": "the company register at {url} did not answer within {seconds} s "
            "(tried {attempts} times); try again later, or set BIF_REGISTRY_TIMEOUT",
            "nb": "Enhetsregisteret på {url} svarte ikke innen {seconds} s "
            "(prøvd {attempts} ganger); prøv igjen senere, eller sett BIF_REGISTRY_TIMEOUT",
        },
        "registry.unreachable": {
            "en": "cannot reach the company register at {url} ({reason}); check the network "
            "connection or BIF_REGISTRY_URL",
            "nb": "får ikke kontakt med Enhetsregisteret på {url} ({reason}); sjekk "
            "nettverkstilkoblingen eller BIF_REGISTRY_URL",
        },
        "registry.server_error": {
            "en": "the company register at {url} answered {status} (tried {attempts} times); "
            "try again later",
            "nb": "Enhetsregisteret på {url} svarte {status} (prøvd {attempts} ganger); "
            "prøv igjen senere",
        },
        "registry.unexpected": {
            "en": "the company register at {url} answered {status}; bif expected 200, 404 or 410",
            "nb": "Enhetsregisteret på {url} svarte {status}; bif ventet 200, 404 eller 410",
        },
        "registry.too_big": {
            "en": "the company register's answer from {url} is over {limit:,} bytes; "
            "bif does not read it",
            "nb": "svaret fra Enhetsregisteret på {url} er større enn {limit:grp} byte; "
            "bif leser det ikke",
        },
        "registry.unreadable": {
            "en": "the company register's answer for {org_number} ({url}) cannot be read: {reason}",
            "nb": "svaret fra Enhetsregisteret om {org_number} ({url}) kan ikke leses: {reason}",
        },
        "registry.not_a_unit": {
            "en": "the company register's answer for {org_number} is not a unit record bif "
            "can read: {reason}",
            "nb": "svaret fra Enhetsregisteret om {org_number} er ikke en enhet bif kan lese: "
            "{reason}",
        },
        "registry.other_unit": {
            "en": "the company register answered with unit {found} when asked for {org_number}",
            "nb": "Enhetsregisteret svarte med enheten {found} på spørsmål om {org_number}",
        },
        "registry.cannot_keep": {
            "en": "the register's record of {org_number} cannot be kept: {reason}",
            "nb": "registerets opplysninger om {org_number} kan ikke lagres: {reason}",
        },
        "registry.write_failed": {
            "en": "could not write {file} ({reason}); nothing was changed",
            "nb": "kunne ikke skrive {file} ({reason}); ingenting er endret",
        },
        "registry.bulk_unreadable": {
            "en": "cannot read {file}: {reason}",
            "nb": "kan ikke lese {file}: {reason}",
        },
        "registry.not_bulk": {
            "en": "{file} is not the register's bulk download of units (enheter, gzip JSON): "
            "{reason}; no snapshot was written",
            "nb": "{file} er ikke registerets nedlasting av enheter (enheter, gzip JSON): "
            "{reason}; ingen øyeblikksbilder er skrevet",
        },
        "registry.bulk_record": {
            "en": "the record of {org_number} in {file} cannot be kept: {reason}; "
            "no snapshot was written",
            "nb": "opplysningene om {org_number} i {file} kan ikke lagres: {reason}; "
            "ingen øyeblikksbilder er skrevet",
        },
    }
)
