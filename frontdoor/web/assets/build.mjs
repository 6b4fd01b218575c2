// Builds Front Door's browser assets into frontdoor/web/static/dist (git-ignored), served by
// Django at /static/dist/. Silent when it works; any error is printed and the exit code is 1.
//
//   main.css                GOV.UK Frontend and our app-* styles (main.scss), compressed
//   govuk-frontend.min.js   GOV.UK Frontend's components (an ES module)
//   init.mjs                starts the components, and again for content htmx swaps in
//   images/favicon.svg      the service's own icon (GOV.UK's icons are the crown: not ours to use)
//
// htmx is not copied: django-htmx ships it as a static file (django_htmx/htmx-2.min.js).

import { copyFile, mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const assets = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(assets, "../../..");
const nodeModules = path.join(root, "node_modules");
const govuk = path.join(nodeModules, "govuk-frontend", "dist", "govuk");
const dist = path.resolve(assets, "../static/dist");

const INIT_MODULE = `import { initAll } from "./govuk-frontend.min.js";

initAll();
document.addEventListener("htmx:load", (event) => {
  if (event.target !== document.body) initAll({ scope: event.target });
});
`;

// A plain door on the council blue: recognisable in a tab, and no crown.
const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">\
<rect width="32" height="32" fill="#1d70b8"/>\
<path d="M9 28V5h14v23h-3V8h-8v20z" fill="#fff"/>\
<circle cx="17.5" cy="17" r="1.5" fill="#fff"/></svg>
`;

function compileStyles() {
  const warnings = [];
  const result = sass.compile(path.join(assets, "main.scss"), {
    loadPaths: [nodeModules],
    style: "compressed",
    sourceMap: false,
    // Sass's own deprecation notices about GOV.UK Frontend's code are theirs to fix.
    quietDeps: true,
    logger: {
      warn(message, { span }) {
        const where = span?.url ? ` (${fileURLToPath(span.url)}:${span.start.line + 1})` : "";
        warnings.push(`${message}${where}`);
      },
      debug() {},
    },
  });
  // Anything else is about how we use GOV.UK Frontend (a deprecated mixin, a bad setting):
  // a mistake to fix now, not noise for the next person to scroll past.
  if (warnings.length) {
    throw new Error(`Sass warnings:\n${warnings.join("\n")}`);
  }
  return result.css;
}

async function build() {
  const css = compileStyles();
  await rm(dist, { recursive: true, force: true });
  await mkdir(path.join(dist, "images"), { recursive: true });
  await Promise.all([
    writeFile(path.join(dist, "main.css"), css),
    copyFile(path.join(govuk, "govuk-frontend.min.js"), path.join(dist, "govuk-frontend.min.js")),
    copyFile(
      path.join(govuk, "govuk-frontend.min.js.map"),
      path.join(dist, "govuk-frontend.min.js.map"),
    ),
    writeFile(path.join(dist, "init.mjs"), INIT_MODULE),
    writeFile(path.join(dist, "images", "favicon.svg"), FAVICON_SVG),
  ]);
}

try {
  await build();
} catch (error) {
  console.error(`Front Door assets: build failed\n${error.message ?? error}`);
  process.exit(1);
}
