"""The catalogue's texts for submitted reports (nb and en): BIF501, the figures, the write guard."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "BIF014.submitted_name": {
        "en": "'{name}' is not a submission record; bif names them YYYY-Qn.yaml, YYYY.yaml or "
        "final.yaml (made by `bif submit`)",
        "nb": "'{name}' er ikke en innsendingsoppføring; bif kaller dem ÅÅÅÅ-Qn.yaml, ÅÅÅÅ.yaml "
        "eller final.yaml (laget av `bif submit`)",
    },
    "BIF501.money": {
        "en": "{period} as reported to the owner: {figure:msg} {reported:kr} → {now:kr}: "
        "{culprits}; if this is a correction, add `correction: {{reason: …, recorded: "
        'YYYY-MM-DD}}` to the entry (bif\'s writing commands take --correction "why")',
        "nb": "{period} slik det ble rapportert til programeier: {figure:msg} {reported:kr} → "
        "{now:kr}: {culprits}; er dette en korrigering, skriv `correction: {{reason: …, "
        "recorded: ÅÅÅÅ-MM-DD}}` på oppføringen (bifs skrivekommandoer tar --correction "
        '"hvorfor")',
    },
    "BIF501.value": {
        "en": "{period} as reported to the owner: {figure:msg} {reported} → {now}: "
        "{culprits}; if this is a correction, add `correction: {{reason: …, recorded: "
        'YYYY-MM-DD}}` to the entry (bif\'s writing commands take --correction "why")',
        "nb": "{period} slik det ble rapportert til programeier: {figure:msg} {reported} → "
        "{now}: {culprits}; er dette en korrigering, skriv `correction: {{reason: …, "
        "recorded: ÅÅÅÅ-MM-DD}}` på oppføringen (bifs skrivekommandoer tar --correction "
        '"hvorfor")',
    },
    "figure.area_committed": {
        "en": "committed in area {area}",
        "nb": "tilsagn i innsatsområde {area}",
    },
    "figure.area_paid": {
        "en": "paid to date in area {area}",
        "nb": "utbetalt hittil i innsatsområde {area}",
    },
    "figure.area_paid_in_period": {
        "en": "paid in area {area}",
        "nb": "utbetalt i perioden i innsatsområde {area}",
    },
    "figure.status_count": {
        "en": "companies with status {status}",
        "nb": "bedrifter med status {status}",
    },
    "figure.cluster_status": {
        "en": "status of cluster {cluster}",
        "nb": "status for klyngen {cluster}",
    },
    "figure.main_goal_companies": {
        "en": "companies in the main goal",
        "nb": "bedrifter i hovedmålet",
    },
    "figure.main_goal_clusters": {
        "en": "clusters in the main goal",
        "nb": "klynger i hovedmålet",
    },
    "figure.milestone_state": {
        "en": "milestone {milestone}",
        "nb": "milepæl {milestone}",
    },
    "figure.target": {
        "en": "target {target}",
        "nb": "mål {target}",
    },
    "figure.nothing_found": {
        "en": "no entry found that moved it",
        "nb": "fant ingen oppføring som endret det",
    },
    "submit.guard": {
        "en": "{date} falls in {period}, already reported to the owner ({record}); "
        'nothing was written. If this corrects the record, run again with --correction "why": '
        "the reason is stored on the entry and shown in the next report",
        "nb": "{date} er i {period}, som alt er rapportert til programeier ({record}); ingenting "
        'ble skrevet. Er dette en korrigering, kjør på nytt med --correction "hvorfor": '
        "begrunnelsen lagres på oppføringen og vises i neste rapport",
    },
    "submit.diff_opening": {
        "en": "This change alters figures already reported to the owner",
        "nb": "Denne endringen endrer tall som alt er rapportert til programeier",
    },
    "submit.reason": {
        "en": "reason: {reason}",
        "nb": "begrunnelse: {reason}",
    },
    "submit.no_reason": {
        "en": "no correction recorded",
        "nb": "ingen korrigering registrert",
    },
    "submit.refused_draft": {
        "en": "{period} is not submitted: the report is a draft ({reasons})",
        "nb": "{period} er ikke sendt inn: rapporten er et utkast ({reasons})",
    },
    "submit.refused_errors": {
        "en": "{period} is not submitted: the data has {errors} error(s)",
        "nb": "{period} er ikke sendt inn: dataene har {errors} feil",
    },
    "submit.exists": {
        "en": "{period} is already recorded as submitted ({record}); nothing was written",
        "nb": "{period} er alt registrert som sendt inn ({record}); ingenting ble skrevet",
    },
    "submit.bad_date": {
        "en": "--date {sent}: a report is sent after its period ends ({end}) and not after "
        "today ({today})",
        "nb": "--date {sent}: en rapport sendes etter at perioden er slutt ({end}) og ikke "
        "senere enn i dag ({today})",
    },
    "submit.done": {
        "en": "Recorded {period} as submitted on {sent}: {record} (SHA-256 {sha256})",
        "nb": "Registrerte {period} som sendt inn {sent}: {record} (SHA-256 {sha256})",
    },
    "submit.not_recorded": {
        "en": "{period} has no submission record ({record}); run `bif submit` first",
        "nb": "{period} har ingen innsendingsoppføring ({record}); kjør `bif submit` først",
    },
    "submit.mismatch": {
        "en": "the report rendered from commit {commit} does not match what was sent: its "
        "SHA-256 is {actual}, the record says {expected}. It was sent with bif {version}; this "
        "is bif {current}, which may render differently. The report above is what this bif "
        "makes of the data and templates of that commit",
        "nb": "rapporten laget fra commit {commit} er ikke den som ble sendt: SHA-256 er "
        "{actual}, oppføringen sier {expected}. Den ble sendt med bif {version}; dette er bif "
        "{current}, som kan lage rapporten annerledes. Rapporten over er det denne bif lager av "
        "dataene og malene i den commiten",
    },
    "submit.matches": {
        "en": "the report matches what was sent on {sent} (SHA-256 {sha256}, commit {commit})",
        "nb": "rapporten er den samme som ble sendt {sent} (SHA-256 {sha256}, commit {commit})",
    },
    "submit.no_commit": {
        "en": "no commit adds {record}; commit the submission record first",
        "nb": "ingen commit legger til {record}; commit innsendingsoppføringen først",
    },
}
