"""The GitHub Actions workflows for the web: filled issue forms to pull requests, and the site."""

from __future__ import annotations

# ruff: noqa: E501  (workflow lines are as long as the YAML needs)

FORMS_WORKFLOW_FILE = ".github/workflows/bif-forms.yml"
PAGES_WORKFLOW_FILE = ".github/workflows/pages.yml"


def forms_workflow(install: str) -> str:
    """Return the workflow that turns a filled issue form into a pull request; keeps forms fresh.

    Values from the issue reach the shell only through environment variables and files: a
    `${{ }}` in a `run:` script would let an issue's text run as a command.
    """
    return f"""\
# bif's issue forms: a filled form (an issue with a `bif:<command>` label) from someone with write
# access becomes a pull request made by the same command, checked by `bif check`; errors come
# back as a comment on the issue. When data/ changes on main, a pull request updates the forms'
# lists (companies, measures, ...). Nothing is ever pushed to main.
#
# Pull requests opened with the default GITHUB_TOKEN do not start other workflows, so the
# review checks (bif.yml) would not run on them. Set the repository variable BIF_APP_ID and the
# secret BIF_APP_PRIVATE_KEY of a GitHub App installed on the repository, and its token is used
# instead (see the README, "Issue forms").
name: bif forms
on:
  issues:
    types: [opened]
  push:
    branches: [main]
    paths: ["data/**"]
  workflow_dispatch:
permissions: {{}}
concurrency:
  group: bif-forms-${{{{ github.event.issue.number || 'templates' }}}}
jobs:
  apply:
    if: >-
      github.event_name == 'issues' &&
      contains(fromJSON('["OWNER", "MEMBER", "COLLABORATOR"]'),
               github.event.issue.author_association) &&
      contains(toJSON(github.event.issue.labels.*.name), '"bif:')
    runs-on: ubuntu-latest
    permissions:
      contents: write
      pull-requests: write
      issues: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install bif
        run: {install}
      - name: Read the form
        id: form
        env:
          BODY: ${{{{ github.event.issue.body }}}}
          LABELS: ${{{{ toJSON(github.event.issue.labels.*.name) }}}}
        run: |
          printf '%s' "$BODY" > "$RUNNER_TEMP/form.md"
          kind=$(jq -r '[.[] | select(startswith("bif:")) | ltrimstr("bif:")][0] // ""' <<<"$LABELS")
          case "$kind" in
            add-company|set-status|add-measure|add-payment|cancel-measure|set-next-action|log|milestone-done) ;;
            *) echo "not a bif form label: $kind" >&2; exit 1 ;;
          esac
          echo "kind=$kind" >> "$GITHUB_OUTPUT"
      - name: bif form apply
        id: apply
        env:
          KIND: ${{{{ steps.form.outputs.kind }}}}
          RUN_URL: ${{{{ github.server_url }}}}/${{{{ github.repository }}}}/actions/runs/${{{{ github.run_id }}}}
        run: |
          bif form apply "$KIND" "$RUNNER_TEMP/form.md" --format md > "$RUNNER_TEMP/result.md"
          if ! bif check --format github; then
            printf '\\n`bif check` failed after the change: %s\\n' "$RUN_URL" >> "$RUNNER_TEMP/result.md"
            exit 1
          fi
      - name: Pull request body
        env:
          NUMBER: ${{{{ github.event.issue.number }}}}
        run: |
          {{
            cat "$RUNNER_TEMP/result.md"
            printf '\\nCloses #%s\\n' "$NUMBER"
          }} > "$RUNNER_TEMP/pr.md"
      - name: App token
        id: app
        if: ${{{{ vars.BIF_APP_ID != '' }}}}
        uses: actions/create-github-app-token@v1
        with:
          app-id: ${{{{ vars.BIF_APP_ID }}}}
          private-key: ${{{{ secrets.BIF_APP_PRIVATE_KEY }}}}
      - name: Open the pull request
        uses: peter-evans/create-pull-request@v7
        with:
          token: ${{{{ steps.app.outputs.token || github.token }}}}
          branch: bif-form/issue-${{{{ github.event.issue.number }}}}
          commit-message: "bif form apply ${{{{ steps.form.outputs.kind }}}} (#${{{{ github.event.issue.number }}}})"
          title: "${{{{ steps.form.outputs.kind }}}} (#${{{{ github.event.issue.number }}}})"
          body-path: ${{{{ runner.temp }}}}/pr.md
          add-paths: data/**
      - name: Comment the errors on the issue
        if: ${{{{ failure() && steps.apply.outcome == 'failure' }}}}
        env:
          GH_TOKEN: ${{{{ github.token }}}}
          NUMBER: ${{{{ github.event.issue.number }}}}
        run: gh issue comment "$NUMBER" --repo "$GITHUB_REPOSITORY" --body-file "$RUNNER_TEMP/result.md"
  templates:
    if: github.event_name != 'issues'
    runs-on: ubuntu-latest
    permissions:
      contents: write
      pull-requests: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install bif
        run: {install}
      - name: bif form templates
        run: bif form templates
      - name: App token
        id: app
        if: ${{{{ vars.BIF_APP_ID != '' }}}}
        uses: actions/create-github-app-token@v1
        with:
          app-id: ${{{{ vars.BIF_APP_ID }}}}
          private-key: ${{{{ secrets.BIF_APP_PRIVATE_KEY }}}}
      - name: Open a pull request with the updated forms
        uses: peter-evans/create-pull-request@v7
        with:
          token: ${{{{ steps.app.outputs.token || github.token }}}}
          branch: bif-form/templates
          commit-message: "bif form templates: the forms' lists from the data on main"
          title: "Oppdaterte skjema / updated issue forms"
          body: "`bif form templates` from the data on main: the forms' lists follow the data."
          add-paths: .github/ISSUE_TEMPLATE/**
"""


def pages_workflow(install: str) -> str:
    """Return the workflow that builds the static site and deploys it with the official actions."""
    return f"""\
# The programme's site on GitHub Pages: `bif site` on every push to main, deployed with the
# official Pages actions. Turn Pages on with "GitHub Actions" as the source (Settings, Pages).
# Pages is public on most plans: the site leaves out contact details and the contact log's text.
name: pages
on:
  push:
    branches: [main]
  workflow_dispatch:
permissions:
  contents: read
concurrency:
  group: pages
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install bif
        run: {install}
      - name: bif site
        run: bif site -o _site
      - uses: actions/configure-pages@v5
      - uses: actions/upload-pages-artifact@v3
        with:
          path: _site
  deploy:
    needs: build
    runs-on: ubuntu-latest
    permissions:
      pages: write
      id-token: write
    environment:
      name: github-pages
      url: ${{{{ steps.deployment.outputs.page_url }}}}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""
