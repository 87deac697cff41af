// What the published packages expose, read from their sources with the type checker: every export
// reachable from each `exports` entry of a package.json, every endpoint declared in the clients'
// endpoint trees, every method a client adds over its endpoints, and every error class, each with
// the doc comment a reader of the reference (or of an editor's hover) gets for it.
import { readFileSync } from "node:fs"
import { basename, join, relative } from "node:path"
import ts from "typescript"

/** A doc comment: the text before the first tag, and the tags in order. */
export interface Doc {
  readonly description: string
  readonly tags: ReadonlyArray<{ readonly name: string; readonly text: string }>
}

/** One thing the reference documents, named as users reach it. */
export interface Item {
  /** `@memsy/effect: MemsyClient.layer`, `@memsy/sdk: MemsyClient.ingestMany`. */
  readonly id: string
  readonly kind: "export" | "endpoint" | "method" | "error"
  /** Where its comment is written, relative to the workspace root, with the line. */
  readonly at: string
  readonly doc: Doc
}

/** A client's method as the reference lists it: its path on the client, signature and comment. */
export interface Method {
  /** `orgs.create`, `withResponse`. */
  readonly path: string
  /** The last segment: `create`, `[Symbol.asyncDispose]`. */
  readonly name: string
  readonly signature: string
  readonly doc: Doc
  /** Derived from an endpoint declaration (whose comment it carries), or added by the client. */
  readonly endpoint: boolean
}

export interface Client {
  /** `MemsyClient`: the export the methods page is about. */
  readonly name: string
  readonly pkg: string
  /** How the methods page calls an instance: `memsy.search`, `client.search`. */
  readonly receiver: string
  readonly methods: ReadonlyArray<Method>
}

/** Where a package's clients and endpoint trees are, as export paths of its main entry. */
export interface ClientSpec {
  readonly pkg: string
  /** The export whose type is the client: an interface (`MemsyClient.Service`) or a class. */
  readonly type: string
  readonly name: string
  readonly receiver: string
  /** The endpoint tree its methods are derived from, whose order the methods page follows. */
  readonly tree: { readonly pkg: string; readonly path: string }
}

export interface Spec {
  readonly root: string
  /** The packages' directories, relative to the root. */
  readonly packages: ReadonlyArray<string>
  /** The endpoint trees, as `package: export path`. */
  readonly trees: ReadonlyArray<{ readonly pkg: string; readonly path: string }>
  readonly clients: ReadonlyArray<ClientSpec>
  /** Members described once rather than expanded: views of the whole tree such as `withResponse`. */
  readonly views: ReadonlyArray<string>
}

export interface Survey {
  readonly items: ReadonlyArray<Item>
  readonly clients: ReadonlyArray<Client>
}

// ---------------------------------------------------------------------------------------------------
// Doc comments, parsed from the source text so that examples keep their exact lines.

export const parseDoc = (raw: string): Doc => {
  const lines = raw
    .replace(/^\/\*\*/, "")
    .replace(/\*\/$/, "")
    .split("\n")
    .map((line, i) => (i === 0 ? line.replace(/^ /, "") : line.replace(/^\s*\* ?/, "")).replace(/\s+$/, ""))
  const description: Array<string> = []
  const tags: Array<{ name: string; lines: Array<string> }> = []
  for (const line of lines) {
    const tag = /^@(\w+)\s?(.*)$/.exec(line)
    if (tag) tags.push({ name: tag[1]!, lines: tag[2] ? [tag[2]] : [] })
    else if (tags.length > 0) tags.at(-1)!.lines.push(line)
    else description.push(line)
  }
  return {
    description: description.join("\n").trim(),
    tags: tags.map((tag) => ({ name: tag.name, text: tag.lines.join("\n").trim() }))
  }
}

const empty: Doc = { description: "", tags: [] }

/** Descriptions from the first comment that has one, every tag of each. */
const merge = (docs: ReadonlyArray<Doc>): Doc => ({
  description: docs.find((doc) => doc.description !== "")?.description ?? "",
  tags: docs.flatMap((doc) => doc.tags)
})

/** The code of an `@example`-like tag: the body of its fence, or the whole text without one. */
export const exampleCode = (text: string): string => {
  const fenced = /^```\w*\n([\s\S]*?)\n```$/.exec(text.trim())
  return `${(fenced ? fenced[1]! : text).trim()}\n`
}

/** The `/** … *\/` comment right before a node: the one an editor shows for it. */
const commentOf = (node: ts.Node): Doc => {
  const anchor =
    ts.isVariableDeclaration(node) && ts.isVariableDeclarationList(node.parent) ? node.parent.parent : node
  const source = anchor.getSourceFile()
  const ranges = ts.getLeadingCommentRanges(source.text, anchor.pos) ?? []
  const last = ranges.filter((range) => source.text.startsWith("/**", range.pos)).at(-1)
  return last === undefined ? empty : parseDoc(source.text.slice(last.pos, last.end))
}

/** A module's header: the comment before its first statement. */
const headerOf = (source: ts.SourceFile): Doc => {
  const first = source.statements[0]
  if (first === undefined) return empty
  const ranges = ts.getLeadingCommentRanges(source.text, first.getFullStart()) ?? []
  const header = ranges.find((range) => source.text.startsWith("/**", range.pos))
  return header === undefined ? empty : parseDoc(source.text.slice(header.pos, header.end))
}

// ---------------------------------------------------------------------------------------------------

interface Manifest {
  readonly name: string
  readonly exports: Record<string, unknown>
}

/** The source file of an `exports` entry: the module its declarations (`types`) were built from. */
const entrySource = (dir: string, subpath: string, target: unknown): string => {
  const types = (value: unknown): Array<string> =>
    value !== null && typeof value === "object"
      ? Object.entries(value).flatMap(([key, inner]) =>
          key === "types" && typeof inner === "string" ? [inner] : types(inner)
        )
      : []
  const declarations = types(target)[0]
  if (declarations === undefined) throw new Error(`${dir}: the export "${subpath}" names no types`)
  return join(dir, "src", basename(declarations).replace(/\.d\.c?ts$/, ".ts"))
}

const compilerOptions = (root: string, manifests: ReadonlyArray<{ dir: string; manifest: Manifest }>) => {
  const base = ts.getParsedCommandLineOfConfigFile(
    join(root, "tsconfig.base.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"))
      }
    }
  )!
  // Each package read from its sources, like the facade's build does: the built declarations keep
  // the types but not the way back from a method to the declaration it was derived from.
  // The facade also reads the core's modules by path (`@memsy/effect/Events`), as its build does.
  const paths: Record<string, Array<string>> = {
    "@memsy/effect/*": [join(root, "packages/effect/src/*.ts")]
  }
  for (const { dir, manifest } of manifests) {
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (subpath === "./package.json") continue
      paths[join(manifest.name, subpath)] = [entrySource(dir, subpath, target)]
    }
  }
  return { ...base.options, types: ["node"], paths, noEmit: true }
}

export const survey = (spec: Spec): Survey => {
  const manifests = spec.packages.map((dir) => {
    const abs = join(spec.root, dir)
    return { dir: abs, manifest: JSON.parse(readFileSync(join(abs, "package.json"), "utf8")) as Manifest }
  })
  const entries = manifests.flatMap(({ dir, manifest }) =>
    Object.entries(manifest.exports)
      .filter(([subpath]) => subpath !== "./package.json")
      .map(([subpath, target]) => ({
        name: join(manifest.name, subpath),
        pkg: manifest.name,
        file: entrySource(dir, subpath, target)
      }))
  )
  const program = ts.createProgram({
    rootNames: [...new Set(entries.map((entry) => entry.file))],
    options: compilerOptions(spec.root, manifests)
  })
  const checker = program.getTypeChecker()
  const at = (node: ts.Node) => {
    const source = node.getSourceFile()
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1
    return `${relative(spec.root, source.fileName)}:${line}`
  }
  const resolve = (symbol: ts.Symbol) =>
    symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
  const isModule = (symbol: ts.Symbol) => symbol.declarations?.some(ts.isSourceFile) ?? false
  const items: Array<Item> = []

  // The global `Error`, to tell error classes from the rest.
  const errorType = (() => {
    const source = program.getSourceFile(entries[0]!.file)!
    const symbol = checker.getSymbolsInScope(source, ts.SymbolFlags.Interface).find((s) => s.name === "Error")
    return checker.getDeclaredTypeOfSymbol(symbol!)
  })()

  /** An export's comment: its own, its declarations', and for an alias of a named type that type's. */
  const docOfExport = (symbol: ts.Symbol): { doc: Doc; node: ts.Node } => {
    const target = resolve(symbol)
    const own = (symbol.declarations ?? []).filter(ts.isExportSpecifier)
    const declarations = target.declarations ?? []
    const docs = [...own, ...declarations].map(commentOf)
    for (const declaration of declarations) {
      if (!ts.isTypeAliasDeclaration(declaration)) continue
      const named = ts.isTypeReferenceNode(declaration.type)
        ? declaration.type.typeName
        : ts.isTypeQueryNode(declaration.type)
          ? declaration.type.exprName
          : undefined
      const origin = named && checker.getSymbolAtLocation(named)
      if (origin) docs.push(docOfExport(origin).doc)
    }
    // Where a comment is expected: on the declaration, unless the export is only a re-export of it.
    return { doc: merge(docs), node: declarations.find((d) => !ts.isExportSpecifier(d)) ?? own[0]! }
  }

  const exportsByPath = new Map<string, ts.Symbol>()

  const visitExport = (entry: string, path: string, symbol: ts.Symbol) => {
    const target = resolve(symbol)
    if (isModule(target)) {
      // `export * as MemsyClient from "./MemsyClient.js"`: the module's header is the namespace's doc.
      const source = target.declarations!.find(ts.isSourceFile)!
      items.push({ id: `${entry}: ${path}`, kind: "export", at: at(source), doc: headerOf(source) })
      for (const member of checker.getExportsOfModule(target)) {
        visitExport(entry, `${path}.${member.name}`, member)
      }
      return
    }
    exportsByPath.set(`${entry}: ${path}`, target)
    const { doc, node } = docOfExport(symbol)
    items.push({ id: `${entry}: ${path}`, kind: "export", at: at(node), doc })
    if (target.flags & ts.SymbolFlags.Class) {
      const instance = checker.getDeclaredTypeOfSymbol(target)
      if (checker.isTypeAssignableTo(instance, errorType)) {
        items.push({ id: `${entry}: ${path}`, kind: "error", at: at(node), doc })
      }
    }
  }

  // An entry that repeats another's module (`@memsy/sdk/standalone`) is walked once, under the first name.
  const walked = new Set<string>()
  for (const entry of entries) {
    if (walked.has(entry.file)) continue
    walked.add(entry.file)
    const source = program.getSourceFile(entry.file)
    if (source === undefined) throw new Error(`${entry.name}: ${entry.file} is not in the program`)
    for (const symbol of checker.getExportsOfModule(checker.getSymbolAtLocation(source)!)) {
      visitExport(entry.name, symbol.name, symbol)
    }
  }

  const exported = (pkg: string, path: string): ts.Symbol => {
    const symbol = exportsByPath.get(`${pkg}: ${path}`)
    if (symbol === undefined) throw new Error(`${pkg} exports no ${path}`)
    return symbol
  }

  // ---------------------------------------------------------------------------------------------------
  // Endpoint trees. A tree is an object literal whose members are endpoint declarations
  // (`Endpoint.make(…)`, written in place or in a constant of their own) or nested trees.

  const isEndpointType = (type: ts.Type) =>
    ["method", "params", "input", "request", "response"].every((key) => type.getProperty(key) !== undefined)

  /** The declaration behind a tree member: the constant it names, else the member itself. */
  const declarationOf = (member: ts.Symbol): ts.Declaration | undefined => {
    const declaration = member.valueDeclaration ?? member.declarations?.[0]
    if (declaration === undefined) return undefined
    if (ts.isShorthandPropertyAssignment(declaration)) {
      const value = checker.getShorthandAssignmentValueSymbol(declaration)
      return value && declarationOf(resolve(value))
    }
    if (
      ts.isPropertyAssignment(declaration) &&
      (ts.isIdentifier(declaration.initializer) || ts.isPropertyAccessExpression(declaration.initializer))
    ) {
      const value = checker.getSymbolAtLocation(declaration.initializer)
      return value && declarationOf(resolve(value))
    }
    return declaration
  }

  const endpoints = new Map<ts.Declaration, string>()
  /** Each tree's members in declaration order, as paths below the tree: `ingest`, `orgs.create`. */
  const orders = new Map<string, Array<string>>()
  const visitTree = (pkg: string, path: string, type: ts.Type, order: Array<string>, prefix = "") => {
    for (const member of checker.getPropertiesOfType(type)) {
      const memberType = checker.getTypeOfSymbol(member)
      const name = `${path}.${member.name}`
      order.push(prefix + member.name)
      if (!isEndpointType(memberType)) {
        visitTree(pkg, name, memberType, order, `${prefix}${member.name}.`)
        continue
      }
      const declaration = declarationOf(member)
      if (declaration === undefined || endpoints.has(declaration)) continue
      endpoints.set(declaration, name)
      items.push({
        id: `${pkg}: ${name}`,
        kind: "endpoint",
        at: at(declaration),
        doc: commentOf(declaration)
      })
    }
  }
  for (const tree of spec.trees) {
    const order: Array<string> = []
    visitTree(tree.pkg, tree.path, checker.getTypeOfSymbol(exported(tree.pkg, tree.path)), order)
    orders.set(`${tree.pkg}: ${tree.path}`, order)
  }

  // ---------------------------------------------------------------------------------------------------
  // Clients: every method, the derived ones with their endpoint's comment, the added ones with theirs.

  const memberName = (member: ts.Symbol) => {
    const name = member.declarations?.[0] && ts.getNameOfDeclaration(member.declarations[0])
    return name && ts.isComputedPropertyName(name) ? `[${name.expression.getText()}]` : member.name
  }

  const signatureOf = (member: ts.Symbol, declaration: ts.Node) => {
    const type = checker.getTypeOfSymbolAtLocation(member, declaration)
    return checker
      .getSignaturesOfType(type, ts.SignatureKind.Call)
      .map((signature) =>
        checker.signatureToString(
          signature,
          undefined,
          ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope
        )
      )
      .join("\n")
  }

  const clients = spec.clients.map((client): Client => {
    const symbol = exported(client.pkg, client.type)
    const type = checker.getDeclaredTypeOfSymbol(symbol)
    const methods: Array<Method> = []
    const visit = (prefix: string, type: ts.Type) => {
      for (const member of checker.getPropertiesOfType(type)) {
        const path = prefix + memberName(member)
        const declaration = member.valueDeclaration ?? member.declarations?.[0]
        if (declaration === undefined) continue
        const memberType = checker.getTypeOfSymbolAtLocation(member, declaration)
        const callable = memberType.getCallSignatures().length > 0
        if (!callable && !spec.views.includes(member.name)) {
          visit(`${path}.`, memberType)
          continue
        }
        const origin = ts.isObjectLiteralElementLike(declaration) ? declarationOf(member) : undefined
        if (origin !== undefined && endpoints.has(origin)) {
          const signature = signatureOf(member, declaration)
          methods.push({ path, name: memberName(member), signature, doc: commentOf(origin), endpoint: true })
          continue
        }
        const doc = commentOf(declaration)
        methods.push({
          path,
          name: memberName(member),
          signature: signatureOf(member, declaration),
          doc,
          endpoint: false
        })
        items.push({ id: `${client.pkg}: ${client.type}.${path}`, kind: "method", at: at(declaration), doc })
      }
    }
    visit("", type)
    // The tree's order, what the client adds after what it derives (resource by resource).
    const order = orders.get(`${client.tree.pkg}: ${client.tree.path}`)
    if (order === undefined) throw new Error(`${client.name}: ${client.tree.path} is not among the trees`)
    const rank = (path: string) => {
      const at = order.indexOf(path)
      return at === -1 ? order.length : at
    }
    const top = (path: string) => rank(path.split(".")[0]!)
    methods.sort((a, b) => top(a.path) - top(b.path) || rank(a.path) - rank(b.path))
    return { name: client.name, pkg: client.pkg, receiver: client.receiver, methods }
  })

  return { items, clients }
}
