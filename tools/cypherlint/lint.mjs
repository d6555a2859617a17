// Lint Cypher with Neo4j's own linter (@neo4j-cypher/language-support).
// stdin: {"schema": DbSchema, "queries": [{"name": ..., "text": ...}]}
// stdout: [{"name": ..., "diagnostics": [{"message", "severity", "offsets"}]}]
import { lintCypherQuery } from '@neo4j-cypher/language-support';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;
const { schema, queries } = JSON.parse(input);
const results = queries.map(({ name, text }) => {
  const { diagnostics } = lintCypherQuery(text, schema);
  return {
    name,
    diagnostics: diagnostics.map((d) => ({ message: d.message, severity: d.severity, offsets: d.offsets })),
  };
});
process.stdout.write(JSON.stringify(results));
