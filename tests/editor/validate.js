// Validate YAML files with the real YAML language server, as VS Code's YAML extension does.
// Usage: node validate.js CASES.json SCHEMA_DIR; CASES is [{id, kind, text}], and each text is
// checked against SCHEMA_DIR/<kind>.schema.json through its modeline. Prints {id: [messages]}.
const fs = require('fs');
const path = require('path');
const { getLanguageService } = require('yaml-language-server');
const { TextDocument } = require('vscode-languageserver-textdocument');

async function main() {
  const [casesFile, schemaDir] = process.argv.slice(2);
  const cases = JSON.parse(fs.readFileSync(casesFile, 'utf8'));
  const service = getLanguageService({
    schemaRequestService: async (uri) => fs.readFileSync(new URL(uri), 'utf8'),
    workspaceContext: { resolveRelativePath: (relative, base) => new URL(relative, base).toString() },
  });
  service.configure({ validate: true, yamlVersion: '1.2', customTags: [] });
  const found = {};
  for (const c of cases) {
    const schema = 'file://' + path.resolve(schemaDir, c.kind + '.schema.json');
    const text = '# yaml-language-server: $schema=' + schema + '\n' + c.text;
    const document = TextDocument.create('file:///cases/' + c.id + '.yaml', 'yaml', 1, text);
    const diagnostics = await service.doValidation(document, false);
    found[c.id] = diagnostics.map((d) => d.message);
  }
  process.stdout.write(JSON.stringify(found));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
