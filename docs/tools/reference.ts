// `pnpm docs:reference` writes docs/reference, the API reference of the published packages, from their
// doc comments; `pnpm docs:check` (part of `pnpm test`) writes it aside and fails when the committed
// one differs, when an example does not compile or run, or when something public lacks its comment.
//
// - Each module's page comes from @effect/docgen, which also type-checks and runs the `@example`s of
//   the module's exports.
// - docgen documents what is declared, and the clients' methods are derived from endpoint trees: their
//   pages come from the survey (`survey.ts`), each method with the comment of the endpoint it was
//   derived from. The Effect client's page shows each endpoint's `@example`, the Promise client's its
//   `@promiseExample`; those are compiled here against the built packages, as users import them, and
//   run, and so are the error classes' examples, which docgen's own run leaves out (it takes a class's
//   methods' examples, not the class's).
import { spawn } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { basename, delimiter, dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import * as prettier from "prettier"
import ts from "typescript"
import { Emulator } from "@memsy/testing"
import { EmulatorServer } from "@memsy/testing/node"
import { packages, spec } from "../reference.config.js"
import { gaps } from "./check.js"
import { type Client, exampleCode, type Method, type Survey, survey } from "./survey.js"

const root = fileURLToPath(new URL("../..", import.meta.url))
const out = join(root, "docs/reference")
const scratch = join(root, "build/reference")
const bin = (name: string) => join(root, "node_modules/.bin", name)

interface Manifest {
  readonly name: string
  readonly description?: string
}
const manifestOf = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"))
/** `packages/effect` → `effect`: the package's folder under docs/reference. */
const short = (dir: string) => basename(dir)

/** The options every example is compiled with: the workspace's strictness, resolved like a bundler. */
const exampleOptions = {
  target: "ES2022",
  lib: ["ES2022", "DOM", "DOM.Iterable", "ESNext.Disposable"],
  module: "ESNext",
  moduleResolution: "Bundler",
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: true,
  types: ["node"],
  noEmit: true
}

const run = (command: string, args: ReadonlyArray<string>, cwd: string, env: Record<string, string> = {}) =>
  new Promise<void>((resolve, reject) => {
    // docgen calls `tsc` and `tsx` by name: the workspace's.
    const path = `${join(root, "node_modules/.bin")}${delimiter}${process.env.PATH ?? ""}`
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env, PATH: path },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    child.on("error", reject)
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${basename(command)} in ${relative(root, cwd)}:\n${output}`))
    )
  })

// ---------------------------------------------------------------------------------------------------
// Module pages, by docgen. It runs in a directory of its own per package, where `src` links to the
// package's sources: docgen rewrites an example's import of the package to `../../src`, seen from
// `out/examples`, and reads the package's name from a package.json beside its config.

const docgen = async (dir: string): Promise<Map<string, string>> => {
  const manifest = manifestOf(dir)
  const pkg = packages.find((p) => p.dir === dir)!
  const cwd = join(scratch, "docgen", short(dir))
  rmSync(cwd, { recursive: true, force: true })
  mkdirSync(cwd, { recursive: true })
  symlinkSync(join(root, dir, "src"), join(cwd, "src"), "dir")
  writeFileSync(
    join(cwd, "package.json"),
    JSON.stringify({ name: manifest.name, homepage: "", type: "module" })
  )
  // Read through the link, the sources are outside their package: what its `exports` and `imports`
  // would resolve is named here (Node's transport, as tests on Node get it).
  const paths = {
    "@memsy/effect/*": [join(root, "packages/effect/src/*.ts")],
    "#memsy/default-transport": [join(root, "packages/effect/src/internal/transport/node.ts")]
  }
  // The package's own ambient types: Node's only where its sources use Node.
  const types = ts.readConfigFile(join(root, dir, "tsconfig.src.json"), ts.sys.readFile).config
    ?.compilerOptions?.types
  writeFileSync(
    join(cwd, "docgen.json"),
    JSON.stringify({
      srcDir: "src",
      outDir: "out",
      exclude: pkg.internal,
      parseCompilerOptions: { ...exampleOptions, types, paths },
      examplesCompilerOptions: { ...exampleOptions, paths }
    })
  )
  await run(bin("docgen"), [], cwd)
  const modules = join(cwd, "out/modules")
  const pages = new Map<string, string>()
  for (const file of readdirSync(modules)) {
    if (file === "index.md") continue
    const page = readFileSync(join(modules, file), "utf8")
      // The front matter is for docgen's Jekyll site: the reference is read as plain Markdown.
      .replace(/^(\*\*\*|---)\n[\s\S]*?\n---\n+/, "")
    pages.set(file.replace(/\.ts\.md$/, ".md"), page)
  }
  return pages
}

// ---------------------------------------------------------------------------------------------------
// The methods' and error classes' examples: compiled against the built packages, then run.

interface Example {
  readonly file: string
  readonly code: string
  /** What shows it: `@memsy/sdk MemsyClient.search`, `@memsy/sdk: RateLimitExceeded`. */
  readonly shownBy: Array<string>
}

/** The tag whose example a client's page shows for a method. */
const exampleTag = (client: Client, method: Method) =>
  client.pkg === "@memsy/sdk" && method.endpoint ? "promiseExample" : "example"

const examplesOf = (client: Client, method: Method) =>
  method.doc.tags.filter((tag) => tag.name === exampleTag(client, method)).map((tag) => exampleCode(tag.text))

const collectExamples = (found: Survey): ReadonlyArray<Example> => {
  const byCode = new Map<string, Example>()
  const add = (code: string, shown: string) => {
    const known = byCode.get(code)
    if (known) known.shownBy.push(shown)
    else byCode.set(code, { file: `example${byCode.size}.ts`, code, shownBy: [shown] })
  }
  for (const client of found.clients) {
    for (const method of client.methods) {
      for (const code of examplesOf(client, method)) add(code, `${client.pkg} ${client.name}.${method.path}`)
    }
  }
  for (const item of found.items) {
    if (item.kind !== "error") continue
    for (const tag of item.doc.tags) if (tag.name === "example") add(exampleCode(tag.text), item.id)
  }
  return [...byCode.values()]
}

const checkExamples = async (examples: ReadonlyArray<Example>) => {
  const dir = join(scratch, "examples")
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  // `assert` is given to an example that uses it, as docgen does, on its first line so that the
  // example's line numbers stay its own.
  const withAssert = (code: string) =>
    code.includes("assert.") ? `import * as assert from "node:assert"; ${code}` : code
  for (const example of examples) writeFileSync(join(dir, example.file), withAssert(example.code))
  const { options } = ts.convertCompilerOptionsFromJson(exampleOptions, dir)
  const program = ts.createProgram({ rootNames: examples.map((e) => join(dir, e.file)), options })
  const diagnostics = ts.getPreEmitDiagnostics(program)
  if (diagnostics.length > 0) {
    const where = (d: ts.Diagnostic) => examples.find((e) => d.file && basename(d.file.fileName) === e.file)
    const text = diagnostics
      .map((d) => {
        const example = where(d)
        const position =
          d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined
        const line = position ? `line ${position.line + 1}` : ""
        const message = ts.flattenDiagnosticMessageText(d.messageText, "\n")
        return `${example ? example.shownBy.join(", ") : (d.file?.fileName ?? "")} ${line}: ${message}`
      })
      .join("\n")
    throw new Error(`The examples do not compile:\n${text}`)
  }
  writeFileSync(join(dir, "index.ts"), examples.map((e) => `import "./${e.file}"\n`).join(""))
  // An example that builds its client from the environment and calls it gets an emulator to call.
  const emulator = Emulator.make({ processingDelay: 0 })
  const server = await EmulatorServer.serve({ emulator })
  try {
    await run(bin("tsx"), [join(dir, "index.ts")], dir, {
      MEMSY_BASE_URL: server.dataUrl,
      MEMSY_CONTROL_URL: server.controlUrl,
      MEMSY_API_KEY: emulator.apiKey
    })
  } finally {
    await server.close()
  }
}

// ---------------------------------------------------------------------------------------------------
// Pages of the reference's own: the clients' methods, each package's contents, the index.

const breadcrumb = (dir: string, here?: string) =>
  `[API reference](../README.md) › [\`${manifestOf(dir).name}\`](README.md)${here ? ` › ${here}` : ""}\n\n`

const methodsPage = (client: Client) => `${client.name}-methods.md`

const anchor = (heading: string) =>
  heading
    .toLowerCase()
    .replace(/[^\w\- ]/g, "")
    .replace(/ /g, "-")

/** `name(…): R`, laid out by prettier as a member of an interface (where `delete` is a fine name). */
const formatSignature = async (name: string, signature: string) => {
  if (signature === "") return ""
  const formatted = await prettier.format(`interface _ {\n${name}${signature}\n}`, {
    parser: "typescript",
    semi: false,
    printWidth: 102,
    trailingComma: "none"
  })
  return formatted
    .trim()
    .split("\n")
    .slice(1, -1)
    .map((line) => line.replace(/^ {2}/, ""))
    .join("\n")
}

const renderMethods = async (client: Client, dir: string) => {
  const manifest = manifestOf(dir)
  const effect = client.pkg === "@memsy/effect"
  const heading = (method: Method) => `${client.receiver}.${method.path}`
  const blocks = await Promise.all(
    client.methods.map(async (method) => {
      const signature = await formatSignature(method.name, method.signature)
      const examples = examplesOf(client, method)
      return [
        `## ${heading(method)}`,
        "",
        ...(method.doc.description ? [method.doc.description, ""] : []),
        ...(signature ? ["```ts", signature, "```", ""] : []),
        ...examples.flatMap((code) => ["**Example**", "", "```ts", code.trimEnd(), "```", ""]),
        ...(method.doc.tags.some((t) => t.name === "deprecated")
          ? [`**Deprecated**: ${method.doc.tags.find((t) => t.name === "deprecated")!.text}`, ""]
          : [])
      ].join("\n")
    })
  )
  const intro = effect
    ? `The methods of \`${client.name}.Service\`, the service the \`${client.name}\` tag provides: one per ` +
      `endpoint of \`${client.name}.endpoints\`, with the endpoint's comment and \`RequestOptions\` last, ` +
      "then what the client adds."
    : `The methods of \`new ${client.name}(…)\`: the endpoints of \`@memsy/effect\`'s \`${client.name}\` as ` +
      "Promises, with the same names, arguments, models and errors and `RequestOptions` last (`signal`, " +
      "`timeout`, …), then what the client adds."
  return [
    `# ${client.name} methods`,
    "",
    breadcrumb(dir, `\`${client.name}\` methods`).trimEnd(),
    "",
    intro,
    "",
    ...client.methods.map((method) => `- [${heading(method)}](#${anchor(heading(method))})`),
    "",
    ...blocks,
    `<!-- Written by pnpm docs:reference from the sources of ${manifest.name}. -->`,
    ""
  ].join("\n")
}

/** The first paragraph of a module page's overview. */
const summaryOf = (page: string) => {
  const overview = /^## \S+ overview\n\n([\s\S]*?)\n\n/m.exec(page)
  const text = overview?.[1] ?? ""
  return text.startsWith("Added in") ? "" : text.replace(/\n/g, " ")
}

const packageReadme = (dir: string, pages: Map<string, string>, clients: ReadonlyArray<Client>) => {
  const manifest = manifestOf(dir)
  const own = clients.filter((c) => c.pkg === manifest.name)
  return [
    `# \`${manifest.name}\``,
    "",
    `[API reference](../README.md) › \`${manifest.name}\``,
    "",
    `${manifest.description ?? ""}.`,
    "",
    ...(own.length > 0
      ? ["## Clients", "", ...own.map((c) => `- [\`${c.name}\` methods](${methodsPage(c)})`), ""]
      : []),
    "## Modules",
    "",
    ...[...pages.keys()].sort().map((file) => {
      const summary = summaryOf(pages.get(file)!)
      return `- [${file.replace(/\.md$/, "")}](${file})${summary ? `: ${summary}` : ""}`
    }),
    ""
  ].join("\n")
}

const indexPage = (clients: ReadonlyArray<Client>) =>
  [
    "# API reference",
    "",
    "Generated from the doc comments of the published packages by `pnpm docs:reference`; `pnpm test` fails",
    "when it is out of date, when an example in it does not compile or run, or when a public export, client",
    "method or error class lacks its comment or example. The [guides](../README.md) explain; this lists.",
    "",
    ...packages.flatMap((p) => {
      const manifest = manifestOf(p.dir)
      const own = clients.filter((c) => c.pkg === manifest.name)
      return [
        `- [\`${manifest.name}\`](${short(p.dir)}/README.md): ${manifest.description ?? ""}` +
          (own.length > 0
            ? `; ${own.map((c) => `[\`${c.name}\` methods](${short(p.dir)}/${methodsPage(c)})`).join(", ")}`
            : "")
      ]
    }),
    ""
  ].join("\n")

// ---------------------------------------------------------------------------------------------------

const generate = async () => {
  // docgen runs beside the survey: one process each, the survey in this one.
  const modulePages = Promise.all(packages.map(async (p) => [p.dir, await docgen(p.dir)] as const))
  // Settle it even if the survey throws first, so its failure is not reported as unhandled.
  modulePages.catch(() => {})
  const found = survey({ ...spec, root })
  const examples = collectExamples(found)
  await checkExamples(examples)
  const files = new Map<string, string>()
  const byDir = new Map(await modulePages)
  for (const p of packages) {
    const pages = byDir.get(p.dir)!
    for (const [file, page] of pages) files.set(join(short(p.dir), file), breadcrumb(p.dir) + page)
    files.set(join(short(p.dir), "README.md"), packageReadme(p.dir, pages, found.clients))
  }
  for (const client of found.clients) {
    const dir = packages.find((p) => manifestOf(p.dir).name === client.pkg)!.dir
    files.set(join(short(dir), methodsPage(client)), await renderMethods(client, dir))
  }
  files.set("README.md", indexPage(found.clients))
  return { files, gaps: gaps(found), examples: examples.length }
}

const filesUnder = (dir: string, base = dir): Array<string> =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory()
          ? filesUnder(join(dir, entry.name), base)
          : [relative(base, join(dir, entry.name))]
      )
    : []

const main = async () => {
  const check = process.argv.includes("--check")
  const started = Date.now()
  const { files, gaps: found, examples } = await generate()
  const problems: Array<string> = []
  for (const gap of found) problems.push(`${gap.gap} (${gap.at})`)
  if (check) {
    const stale: Array<string> = []
    for (const [file, text] of files) {
      const path = join(out, file)
      if (!existsSync(path)) stale.push(`docs/reference/${file} is missing`)
      else if (readFileSync(path, "utf8") !== text) stale.push(`docs/reference/${file} is out of date`)
    }
    for (const file of filesUnder(out)) {
      if (!files.has(file)) stale.push(`docs/reference/${file} is no longer generated`)
    }
    if (stale.length > 0) problems.push(...stale, "(run pnpm docs:reference to write it afresh)")
  } else {
    rmSync(out, { recursive: true, force: true })
    for (const [file, text] of files) {
      mkdirSync(dirname(join(out, file)), { recursive: true })
      writeFileSync(join(out, file), text)
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0)
  const summary = `${files.size} pages, ${examples} method and error examples compiled and run, in ${seconds} s`
  if (problems.length > 0) {
    console.error(`The API reference is not complete:\n${problems.map((p) => `  ${p}`).join("\n")}`)
    console.error(summary)
    process.exitCode = 1
  } else {
    console.log(`API reference ${check ? "up to date" : "written"}: ${summary}`)
  }
}

await main()
