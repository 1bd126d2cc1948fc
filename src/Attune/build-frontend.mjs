// Builds wwwroot/css/attune.css from Styles/ and copies GOV.UK Frontend's script into wwwroot/lib.
// Run by the project build (Attune.csproj) whenever a source is newer than its output.
import { compile } from "sass";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(fileURLToPath(import.meta.url));
const result = compile(join(root, "Styles", "attune.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
mkdirSync(join(root, "wwwroot", "css"), { recursive: true });
writeFileSync(join(root, "wwwroot", "css", "attune.css"), result.css);

const lib = join(root, "wwwroot", "lib", "govuk-frontend");
mkdirSync(lib, { recursive: true });
const dist = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
copyFileSync(join(dist, "govuk-frontend.min.js"), join(lib, "govuk-frontend.min.js"));
console.log("attune frontend built");
