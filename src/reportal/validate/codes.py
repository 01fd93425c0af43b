"""The catalogue of validation issue codes: code -> (meaning, typical fix).

Codes are stable: F0xx front matter, R0xx schema fields (reports and registry files), X0xx
cross-references, B0xx report bodies, O0xx CODEOWNERS, D0xx registry files, P0xx the report
plan and calendars, D1xx data sources and exports, S0xx report snapshots, N0xx ``reportal
new``, E0xx edition builds, I0xx issued-report immutability, A0xx archives, V0xx archive,
PDF-signature and manifest-signature verification, PDF0xx the PDF export, H0xx serving the
editions (``reportal deploy``).
``docs/reference/issues.md`` is generated from this table (``scripts/gen_reference.py``); a test
keeps both in step with the code.
"""

from __future__ import annotations

ISSUE_CODES: dict[str, tuple[str, str]] = {
    # front matter (model/frontmatter.py)
    "F001": ("no front matter, or it does not start on line 1", "start the file with `---`"),
    "F002": ("the front matter is not closed", "add a `---` line after the last field"),
    "F003": ("the front matter is not a mapping of `field: value`", "write one field per line"),
    "F004": ("the front matter is not valid YAML", "quote values with `: `; no tabs"),
    "F005": ("a key is given twice", "keep one of the two"),
    "F006": ("YAML anchors/aliases in front matter, or an alias bomb", "write the value out"),
    "F008": ("front matter over 64 KiB or nested over 32 levels", "remove what does not belong"),
    "F007": ("the report file is not UTF-8 text", "save the file as UTF-8"),
    # schema fields (validate/fields.py, model/schemas/*.yml)
    "R001": ("a required field is missing", "add the field; the hint shows an example"),
    "R002": ("unknown field", "fix the spelling (did-you-mean) or remove it"),
    "R003": ("value not among the allowed ones", "use one of the listed values"),
    "R004": ("not a valid date", "write an existing day as YYYY-MM-DD"),
    "R005": ("wrong type (text, number, list, mapping)", "write the expected kind of value"),
    "R006": ("invalid value (period, number pattern, time zone, clock time)", "see the message"),
    "R007": ("an empty value where one is needed", "fill in the value"),
    "R008": ("a value in the wrong format", "follow the format in the message"),
    "R009": ("another schema rule failed", "see the message"),
    "R010": ("a number or length out of range", "stay within the limits"),
    # cross-references (validate/crossrefs.py)
    "X001": ("unknown customer", "use a key of data/customers.yml"),
    "X002": ("unknown person (author, reviewer or approver)", "use a key of data/people.yml"),
    "X003": ("the person lacks the author/reviewer/approver role for that customer", "fix roles"),
    "X004": ("approver and author are the same person", "another person must approve"),
    "X005": ("the file name differs from the report number", "rename the file or fix `number`"),
    "X006": ("not in reports/<customer>/<year of period start>/", "move the file"),
    "X007": ("the number's code is not the customer's code", "use the customer's code"),
    "X008": ("the report number is used by another report too", "give each report its number"),
    "X010": (
        "dates out of order (prepared <= reviewed_on <= approved_on <= issued)",
        "correct the dates",
    ),
    "X011": ("issued on or before the last day of the period", "issue after the period ends"),
    "X012": ("approved/superseded without approver, approved_on or issued", "add them"),
    "X013": ("a regular report with a date-range period", "use a month, quarter or year"),
    "X014": (
        "reviewed_on, approved_on or issued is after today (portal time zone)",
        "date it when it happens",
    ),
    "X015": ("reviewer and author are the same person", "another person must review"),
    "X016": (
        "reviewer and approver are the same person and the customer's settings do not allow it",
        "name another reviewer, or set `settings: {reviewer_may_approve: true}`",
    ),
    "X017": (
        "a customer with `signatories: 3` and a report in review or approved without `reviewer`",
        "add `reviewer: <person id>`",
    ),
    "X020": ("a report supersedes itself", "name the earlier report"),
    "X021": ("supersedes a number no report has", "fix the number (did-you-mean)"),
    "X022": ("supersedes a report of another customer", "supersede a report of this customer"),
    "X023": ("a superseded report is not marked `status: superseded`", "set the status"),
    "X024": ("`status: superseded` but no report supersedes it", "add `supersedes` or fix it"),
    "X025": ("`supersedes` without `amendment_reason`", "say why the report was replaced"),
    "X026": ("`amendment_reason` without `supersedes`", "add `supersedes` or remove it"),
    "X027": ("`supersedes` links form a cycle", "remove `supersedes` from the oldest report"),
    # report bodies (validate/body.py)
    "B001": ("Jinja syntax error in the body", "close the macro call; write braces as text"),
    "B002": ("a Jinja statement block (include, for, set, raw, …)", "remove it; call a macro"),
    "B003": ("an output expression that is not a macro call (variables, config)", "remove it"),
    "B004": ("a call of a name that is not an allow-listed macro", "use an allowed macro"),
    "B005": ("attribute/item access, or a call of something that is not a name", "remove it"),
    "B006": ("a macro argument that is not a literal", "write a quoted text or a number"),
    "B007": ("wrong number or names of macro arguments", "follow the usage in the hint"),
    "B008": ("filters or tests in an output expression", "write the macro call alone"),
    "B009": (
        "a body that would show a double brace or brace-percent (via `\\{` or `&#123;`)",
        "write the braces apart",
    ),
    "B010": ("raw script element", "use chart macros instead"),
    "B011": ("raw iframe/object/embed/style/form/meta/link/base element", "link instead"),
    "B012": ("an on* event-handler attribute in HTML", "remove the attribute"),
    "B013": ("a javascript:, vbscript: or data:text/html URL", "link to an https:// address"),
    "B014": ("a hand-made chart container (reportal-chart, data-figure)", "call a chart macro"),
    "B020": (
        "unknown KPI family or KPI id in a macro argument (kpi/macro_checks.py)",
        "use a family or KPI id listed in docs/kpi/",
    ),
    "B022": (
        "trend_chart() periods is not a whole number from 2 to 60, or forecast is not 1 to 12 "
        "periods of a volume KPI",
        "e.g. periods=12, forecast=3",
    ),
    "B030": (
        "an approved report still holds a template placeholder `（待填写：…）`",
        "write the text it asks for, or keep the report in review",
    ),
    # CODEOWNERS (validate/codeowners.py, `reportal codeowners`)
    "O001": (
        "a CODEOWNERS written by `reportal codeowners` is out of date (or missing for --check)",
        "run `reportal codeowners` and commit the file",
    ),
    "O002": ("an owner in reportal.yml is not a person of data/people.yml", "use a person id"),
    "O003": (
        "warning: an approver, reviewer or owner has neither `github:` nor `email:`",
        "add `github: <user name>` to the person",
    ),
    # registry files (validate/registry_checks.py)
    "D001": ("a registry file is missing", "create it"),
    "D002": ("a registry file is not valid YAML or not UTF-8", "fix the syntax at the mark"),
    "D003": ("a registry file is not a mapping at the top level", "write `id: {fields}`"),
    "D004": ("a key is given twice in a registry file", "keep one of the two"),
    "D005": ("recursive or exploding YAML aliases in a registry file", "write values out"),
    "D006": ("an entry is not a mapping (or the plan of a customer not a list)", "fix it"),
    "D007": ("an id (customer, person, calendar) in the wrong format", "lower-case id"),
    "D008": ("markup (an HTML tag) in registry text", "write plain text; it is never HTML"),
    "D009": ("a registry file over 4 MiB or nested over 32 levels", "split or flatten it"),
    "D010": ("unknown customer in people roles or the plan", "use a key of customers.yml"),
    "D011": ("unknown person in the plan", "use a key of data/people.yml"),
    "D012": ("a plan's author/reviewer/approver lacks that role for the customer", "fix roles"),
    "D013": ("a customer's calendar is not in data/calendars.yml", "add or fix the calendar"),
    "D014": ("a plan entry id is used twice for one customer", "rename one"),
    "D015": ("two customers share one code", "give each customer its own code"),
    # report plan and calendars (model/plan.py)
    "P001": ("a customer's plan is not a list of entries", "write `- id: …` entries"),
    "P002": ("a plan entry without `id`", "give every entry an id"),
    "P003": ("a plan value is not valid (frequency, category, due rule, …)", "see the message"),
    "P004": ("a plan period (`start`, `end`) is not a period", "write 2026-01, 2026-Q1 or 2026"),
    "P005": ("a periodic plan entry without `start` or `due`", "add both"),
    "P011": (
        "warning: a due date falls in a year the calendar lists no holidays for",
        "add that year's holidays",
    ),
    "P010": ("a calendar in data/calendars.yml is not a mapping", "write `id: {fields}`"),
    # data sources and exports (kpi/sources.py, kpi/loading/, kpi/data_checks.py)
    "D101": ("data/sources.yml is not valid or a source is declared wrongly", "see the message"),
    "D102": ("a declared export is missing or of an unknown format", "fix `path` or the file"),
    "D103": ("an export is not in its declared encoding", "declare utf-8, utf-8-sig or gb18030"),
    "D104": ("an export is empty or lacks a mapped column", "export again with all columns"),
    "D105": ("a CSV row has more fields than the header", "quote delimiters inside values"),
    "D106": ("an export over 512 MiB, or an xlsx expanding too far (zip bomb)", "split it"),
    "D107": (
        "a source path outside data/exports/<customer>/ (absolute, .., a symlink leaving it)",
        "keep each customer's exports in its own folder",
    ),
    "D110": ("a cell is not a valid date, number or code", "correct the cell or the format"),
    "D111": ("a cell is out of range (a negative duration, a score of 7)", "correct the cell"),
    "D112": ("an end before its start (resolved before opened)", "correct the times"),
    "D113": ("a count above its bound (answered calls above offered)", "correct the counts"),
    "D114": (
        "a cell every row needs is empty (a ticket without opened time or priority)",
        "fill in the cell in the export",
    ),
    "D115": (
        "a ticket id repeats in a tickets source without `collapse:` (an event log)",
        "declare `collapse:` for event logs, or remove the repeated rows",
    ),
    "D116": ("a row is an exact copy of an earlier row (counted twice)", "delete the copy"),
    "D117": (
        "two rows with the same key (date + system, interval + queue, id)",
        "delete one, or declare `duplicates: sum` or `last` for the source",
    ),
    "D118": ("a text cell holding a double brace or brace-percent", "write the braces apart"),
    "D119": (
        "a number with a comma, and the source declares no decimal mark or thousands separator",
        'declare `decimal: ","` or `thousands: ","` for the source',
    ),
    "D120": (
        "a source does not cover the report's period, and data_gaps does not say why",
        "add `data_gaps: [{source, reason}]` or export the missing days",
    ),
    "D150": (
        "a macro reads a source its customer does not declare in data/sources.yml",
        "declare the source, or remove the macro",
    ),
    # reportal new (authoring/scaffold.py)
    "N001": ("unknown customer on the command line", "use a key of data/customers.yml"),
    "N002": ("an invalid --period, --category or --number", "see the message"),
    "N003": ("the plan has no report of that category for the customer", "add a plan entry"),
    "N004": ("the report file exists already; `new` never overwrites", "edit it or amend it"),
    "N005": ("the plan's title template cannot be filled", "fix the placeholders or --title"),
    "N006": ("--amend names no approved report", "amend an approved (issued) report"),
    # edition builds (portal/editions.py, site/builder.py, publish/atomic.py, publish/scan.py)
    "E001": ("unknown edition", "use provider, all or a customer id"),
    "E002": ("an edition did not build (MkDocs failed)", "see the messages above it"),
    "E003": ("the editions could not be staged or swapped (disk, permissions)", "retry"),
    "E004": ("mkdocs.yml cannot be read", "fix the YAML at the line given"),
    "E010": (
        "a built edition holds what it must not (other customers, macro braces, tracebacks)",
        "nothing was published; fix the source of the content",
    ),
    # issued reports stay as issued (archive/immutability.py)
    # report snapshots (validate/snapshots.py, kpi/freeze.py)
    "S001": ("an approved report has no snapshot (warning)", "run `reportal freeze`, commit it"),
    "S002": ("an issued report changed after it was frozen", "restore it or amend: new --amend"),
    "S003": ("a snapshot was edited by hand (its own hash differs)", "restore it from git"),
    "S004": ("a snapshot file is unreadable or not its report's", "freeze the report again"),
    "S005": ("a snapshot has no report beside it", "delete it or restore the report"),
    "S006": ("a snapshot beside a draft or a report in review (warning)", "delete it"),
    "S007": ("freeze: a macro call of the report cannot be computed", "fix the call or the data"),
    "S008": ("freeze: the named report is not approved", "approve it first"),
    "S009": ("freeze: no report has the named number", "check the number"),
    "S010": ("an issued report's figures differ from today's exports (warning)", "amend it"),
    "I001": ("an issued report was changed or deleted", "issue an amendment with a new number"),
    "I002": ("--against is neither an archive nor a git ref", "pass a manifest or e.g. HEAD~1"),
    "I003": ("the --against file is not a Reportal archive manifest", "pass a manifest"),
    # archives (archive/store.py) and their verification (archive/verify.py)
    "A001": ("an archive version with other characters than A-Z a-z 0-9 . _ -", "e.g. 2026.11"),
    "A002": ("an edition to archive has not been built", "run `reportal build` first"),
    "A003": ("that archive version exists already; archives are never rewritten", "bump it"),
    "A010": (
        "a manifest could not be signed with the `manifest_signing` SSH key",
        "an unencrypted key or ssh-agent; ssh-keygen installed",
    ),
    "V001": ("an archive does not verify (hash, missing or extra file)", "restore from a copy"),
    "V010": (
        "a PDF signature does not verify (the PDF changed after signing, or is broken)",
        "restore the PDF from the archive",
    ),
    "V011": (
        "a PDF's signer is not trusted by the given certificates",
        "pass the provider's root certificate with --trust or signing.trust",
    ),
    "V012": ("a PDF given to verify has no signature", "configure `signing:` and build again"),
    "V013": (
        "warning: no trusted certificate given; only a PDF signature's integrity was checked",
        "pass --trust or set signing.trust",
    ),
    "V020": (
        "a manifest's SSH signature does not verify or is by no allowed signer",
        "restore the manifest; check the allowed-signers file",
    ),
    "V021": (
        "warning: a signed manifest, and no allowed-signers file to check it",
        "pass --allowed-signers or set manifest_signing.allowed_signers",
    ),
    "V022": ("--allowed-signers was given but the manifest is not signed", "sign new versions"),
    # serving the editions (deploy/accounts.py, deploy/nginx.py)
    "H001": ("an edition to serve has not been built", "run `reportal build` first"),
    "H002": (
        "the credentials file cannot be read or is not `edition: {account: password}`",
        "fix the YAML at the line given",
    ),
    "H003": ("credentials for an unknown edition", "use provider or a key of data/customers.yml"),
    "H004": ("a provider account that is not a person of data/people.yml", "use a person's id"),
    "H005": (
        "an account name with other characters than A-Z a-z 0-9 . _ @ + -, or a broken bcrypt hash",
        "rename the account, or hash the password again",
    ),
    "H006": ("one account name under two editions", "give each edition its own accounts"),
    "H007": ("warning: a password shorter than 12 characters", "use a longer passphrase"),
    "H008": (
        "warning: an edition has no htpasswd file yet (nginx answers 500 there)",
        "run `reportal deploy htpasswd`",
    ),
    "H009": ("a command-line value that cannot go into nginx's configuration", "see the hint"),
    # PDF export (pdf/edition.py)
    "PDF001": ("a report page to print is missing from the built site", "build the site again"),
    "PDF002": ("Chromium was not found", "install Debian's chromium or set REPORTAL_CHROMIUM"),
    "PDF003": ("Chromium could not print the page (a chart did not draw, a timeout)", "see why"),
    "PDF004": ("the printed PDF could not be post-processed or written", "see the message"),
    "PDF005": (
        "a printed PDF fails its check (no text, fonts not embedded, implausible page count)",
        "install fonts-noto-cjk (fc-match 'Noto Sans CJK SC') and build again",
    ),
    "PDF011": (
        "an issued report's PDF could not be signed (key, certificate, passphrase, TSA)",
        "fix `signing:` in reportal.yml; nothing was published",
    ),
}
