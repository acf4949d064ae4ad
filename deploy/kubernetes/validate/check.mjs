// Checks every document of deploy/kubernetes/*.yaml against the Kubernetes API schemas:
// kubernetes-models (generated from the Kubernetes OpenAPI specification) validates each
// object of a known apiVersion and kind. Exits non-zero, naming the file and object, when a
// document is invalid or of a kind it does not know.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const directory = join(dirname(fileURLToPath(import.meta.url)), "..");
let failures = 0;
let checked = 0;

async function modelOf(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const module = group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
  try {
    return (await import(module))[kind];
  } catch {
    return undefined;
  }
}

for (const file of readdirSync(directory).filter((name) => name.endsWith(".yaml")).sort()) {
  for (const document of parseAllDocuments(readFileSync(join(directory, file), "utf8"))) {
    if (document.errors.length > 0) {
      console.error(`${file}: not YAML: ${document.errors[0].message}`);
      failures++;
      continue;
    }
    const object = document.toJS();
    if (object === null) {
      continue;
    }
    const name = `${file}: ${object.kind} ${object.metadata?.name}`;
    const Model = await modelOf(String(object.apiVersion), String(object.kind));
    if (Model === undefined) {
      console.error(`${name}: unknown apiVersion ${object.apiVersion} or kind ${object.kind}`);
      failures++;
      continue;
    }
    try {
      new Model(object).validate();
      checked++;
      console.log(`${name}: valid`);
    } catch (error) {
      console.error(`${name}: ${error.message}`);
      failures++;
    }
  }
}
if (checked === 0) {
  console.error(`no manifest found in ${directory}`);
  failures++;
}
process.exit(failures === 0 ? 0 : 1);
