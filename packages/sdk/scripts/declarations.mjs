// Writes `dist/index.d.ts` and its `.d.cts` twin: every export of `src/index.ts` spelled out in plain
// TypeScript, importing nothing, so the package needs neither `effect` nor `@memsy/effect` at install
// time. The type checker resolves the facade's derived types (methods mapped from endpoint trees,
// models from schemas, error fields picked from the core classes) and this walks the results:
//
// - a type that is an export of the entry prints as that export's name; a generic type alias export
//   with one literal-union parameter prints as a table of its instantiations, indexed by the parameter;
// - an `export type { … }` of a class or a schema constant declares its type only;
// - a class whose base has no exported name (a class that a function of the sources makes) gets its
//   base's members and constructor spelled out;
// - the standard library's types print by name (`Promise`, `ReadonlyArray`, `AbortSignal`, and
//   `typeof globalThis.fetch` for its functions);
// - anything else prints structurally: unions, literals, tuples, object types with their optional and
//   readonly members, index signatures and signatures (a rest tuple spreads into named parameters).
//
// Anything it cannot print in plain TypeScript (a type from a dependency such as `effect`, a unique
// symbol key, a generic signature) stops the build with the path that reached it, and so does a named
// type of the workspace that the entry does not export: users could not name it (a model the core
// gains, say, that the facade's list of models has not caught up with).
//
// Usage: node scripts/declarations.mjs [--out <dir>] [--entry <file>]   (defaults: dist, src/index.ts)
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import * as prettier from "prettier"
import ts from "typescript"

// Types printed as their keyword, checked in this order.
const keywords = [
  [ts.TypeFlags.Any, "any"],
  [ts.TypeFlags.Unknown, "unknown"],
  [ts.TypeFlags.String, "string"],
  [ts.TypeFlags.Number, "number"],
  [ts.TypeFlags.Boolean, "boolean"],
  [ts.TypeFlags.BigInt, "bigint"],
  [ts.TypeFlags.ESSymbol, "symbol"],
  [ts.TypeFlags.Void, "void"],
  [ts.TypeFlags.Undefined, "undefined"],
  [ts.TypeFlags.Null, "null"],
  [ts.TypeFlags.Never, "never"],
  [ts.TypeFlags.NonPrimitive, "object"]
]

const root = fileURLToPath(new URL("..", import.meta.url))
const argument = (name, fallback) => {
  const at = process.argv.indexOf(name)
  return resolve(root, at === -1 ? fallback : process.argv[at + 1])
}
const entry = argument("--entry", "src/index.ts")
const outDir = argument("--out", "dist")

// ---------------------------------------------------------------------------------------------------
// The program: the facade's sources, and the workspace packages it builds on read from their sources
// too (their built declarations keep the types but lose the way back from an endpoint tree to the
// documented endpoint it lists).

const readConfig = () => {
  const file = join(root, "tsconfig.src.json")
  const parsed = ts.getParsedCommandLineOfConfigFile(
    file,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"))
      }
    }
  )
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
  const paths = {}
  const deps = { ...manifest.dependencies, ...manifest.devDependencies }
  for (const [name, version] of Object.entries(deps)) {
    if (!String(version).startsWith("workspace:")) continue
    const dir = realpathSync(join(root, "node_modules", name))
    paths[name] = [join(dir, "src/index.ts")]
    paths[`${name}/*`] = [join(dir, "src/*.ts")]
  }
  return { ...parsed.options, paths, noEmit: true, declaration: false, declarationMap: false }
}

const probeFile = join(root, "src/__declarations_probe__.ts")

const makeProgram = (options, probe, oldProgram) => {
  const host = ts.createCompilerHost(options, true)
  if (probe !== undefined) {
    const { getSourceFile, fileExists, readFile } = host
    host.fileExists = (file) => file === probeFile || fileExists(file)
    host.readFile = (file) => (file === probeFile ? probe : readFile(file))
    host.getSourceFile = (file, language, ...rest) =>
      file === probeFile
        ? ts.createSourceFile(file, probe, language, true)
        : getSourceFile(file, language, ...rest)
  }
  const rootNames = probe === undefined ? [entry] : [entry, probeFile]
  const program = ts.createProgram({ rootNames, options, host, oldProgram })
  // The entry and the probe only: the packages they import are type-checked by their own builds.
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...rootNames.flatMap((file) => ts.getPreEmitDiagnostics(program, program.getSourceFile(file)))
  ]
  if (diagnostics.length > 0) {
    throw new Error(ts.formatDiagnosticsWithColorAndContext(diagnostics, host))
  }
  return program
}

// ---------------------------------------------------------------------------------------------------
// JSDoc: the comments of the declarations a name comes from, merged (a description from the first
// that has one, every distinct tag).

const parseDoc = (raw) => {
  const lines = raw
    .replace(/^\/\*\*/, "")
    .replace(/\*\/$/, "")
    .split("\n")
    .map((line, i) => (i === 0 ? line.replace(/^ /, "") : line.replace(/^\s*\* ?/, "")).replace(/\s+$/, ""))
  while (lines.length > 0 && lines[0].trim() === "") lines.shift()
  while (lines.length > 0 && lines.at(-1).trim() === "") lines.pop()
  const description = []
  const tags = []
  for (const line of lines) {
    if (/^@\w/.test(line)) tags.push([line])
    else if (tags.length > 0) tags.at(-1).push(line)
    else description.push(line)
  }
  while (description.length > 0 && description.at(-1).trim() === "") description.pop()
  return { description, tags: tags.map((tag) => tag.join("\n").replace(/\s+$/, "")) }
}

// The core's examples are Effect code. Where a core comment shows the same call on the Promise
// client (`@promiseExample`), that is the example these declarations show.
const forFacade = (doc) => ({
  description: doc.description,
  tags: doc.tags
    .filter((tag) => !/^@example\b/.test(tag))
    .map((tag) => tag.replace(/^@promiseExample\b/, "@example"))
})

const docsOfNode = (node) =>
  ts
    .getJSDocCommentsAndTags(node)
    .filter(ts.isJSDoc)
    .map((doc) => parseDoc(node.getSourceFile().text.slice(doc.pos, doc.end)))
    .map((doc) => (node.getSourceFile().fileName.startsWith(join(root, "src")) ? doc : forFacade(doc)))

const mergeDocs = (docs) => {
  const description = docs.find((doc) => doc.description.length > 0)?.description ?? []
  const tags = []
  const seen = new Set()
  for (const tag of docs.flatMap((doc) => doc.tags)) {
    const name = tag.match(/^@(\w+)/)[1]
    // One `@since` and one `@category`: the first, from the declaration closest to the export.
    const key = name === "since" || name === "category" ? name : tag
    if (seen.has(key)) continue
    seen.add(key)
    tags.push(tag)
  }
  if (description.length === 0 && tags.length === 0) return ""
  const body = [...description, ...(description.length > 0 && tags.length > 0 ? [""] : []), ...tags]
    .join("\n")
    .split("\n")
  if (body.length === 1 && !body[0].includes("*/")) return `/** ${body[0]} */\n`
  return `/**\n${body.map((line) => (line === "" ? " *" : ` * ${line}`)).join("\n")}\n */\n`
}

// ---------------------------------------------------------------------------------------------------

const identifier = /^[A-Za-z_$][\w$]*$/
const propertyName = (name) => (identifier.test(name) ? name : JSON.stringify(name))

const generate = () => {
  const options = readConfig()
  let program = makeProgram(options)
  let checker = program.getTypeChecker()

  const exportsOf = () => {
    const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry))
    return checker.getExportsOfModule(moduleSymbol).map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
      return { name: symbol.name, symbol, target, typeOnly: isTypeOnly(symbol) }
    })
  }
  // `export type { … }`: the type meaning only, even of a class or of a schema constant.
  const isTypeOnly = (symbol) =>
    (symbol.declarations ?? []).some(
      (declaration) =>
        ts.isExportSpecifier(declaration) && (declaration.isTypeOnly || declaration.parent.parent.isTypeOnly)
    )
  const typeParametersOf = (symbol) => {
    const declaration = symbol.declarations?.find(ts.isTypeAliasDeclaration)
    return declaration?.typeParameters ?? []
  }

  // Generic aliases: instantiated once per member of their parameter's constraint, through a probe
  // module the checker reads next to the entry.
  const generics = exportsOf().filter(({ target }) => typeParametersOf(target).length > 0)
  const tables = new Map()
  if (generics.length > 0) {
    for (const { name, target } of generics) {
      const parameters = typeParametersOf(target)
      if (parameters.length !== 1) throw new Error(`${name}: only one type parameter is supported`)
      const constraint = checker.getBaseConstraintOfType(checker.getTypeAtLocation(parameters[0]))
      const members = constraint?.flags & ts.TypeFlags.Union ? constraint.types : [constraint]
      if (!members.every((member) => member?.flags & ts.TypeFlags.StringLiteral)) {
        throw new Error(`${name}: its type parameter must be constrained to a union of string literals`)
      }
      tables.set(
        name,
        members.map((member) => member.value)
      )
    }
    const probe = [
      `import type * as Entry from ${JSON.stringify(`./${relative(dirname(probeFile), entry).replace(/\.([mc]?)ts$/, ".$1js")}`)}`,
      `export interface Probe {`,
      ...[...tables].map(
        ([name, keys]) =>
          `  ${JSON.stringify(name)}: { ${keys.map((key) => `${JSON.stringify(key)}: Entry.${name}<${JSON.stringify(key)}>`).join("; ")} }`
      ),
      `}`
    ].join("\n")
    program = makeProgram(options, probe, program)
    checker = program.getTypeChecker()
  }

  const exported = exportsOf()
  const undefinedType = checker.getUndefinedType()

  // What prints as a name.
  const named = new Map() // type -> export name
  const genericNames = new Map() // alias symbol -> export name
  for (const { name, target } of exported) {
    if (typeParametersOf(target).length > 0) genericNames.set(target, name)
    else if (target.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
      const type = checker.getDeclaredTypeOfSymbol(target)
      if (!named.has(type)) named.set(type, name)
    }
  }
  const isLib = (declaration) => program.isSourceFileDefaultLibrary(declaration.getSourceFile())
  const isDependency = (declaration) =>
    !isLib(declaration) && declaration.getSourceFile().fileName.includes("/node_modules/")
  const where = (declaration) =>
    `${relative(root, declaration.getSourceFile().fileName)}:${declaration.getSourceFile().getLineAndCharacterOfPosition(declaration.getStart()).line + 1}`

  const fail = (path, message) => {
    throw new Error(`${path.join(" > ")}: ${message}`)
  }

  const isReadonly = (property) => {
    const flags = ts.getCheckFlags(property)
    if (flags & (ts.CheckFlags.Mapped | ts.CheckFlags.SyntheticProperty)) {
      return (flags & ts.CheckFlags.Readonly) !== 0
    }
    if (flags & ts.CheckFlags.Readonly) return true
    if (property.flags & ts.SymbolFlags.GetAccessor && !(property.flags & ts.SymbolFlags.SetAccessor)) {
      return true
    }
    return (property.declarations ?? []).some(
      (declaration) => ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Readonly
    )
  }

  // Whether a member is a method, or a resource: an object of methods and resources.
  const isOperation = (type, depth = 0) => {
    const stripped = withoutUndefined(type, () => true)
    const t = "union" in stripped ? (stripped.union.length === 1 ? stripped.union[0] : undefined) : stripped
    if (!t || depth > 8 || !(t.flags & ts.TypeFlags.Object)) return false
    if (checker.getSignaturesOfType(t, ts.SignatureKind.Call).length > 0) return true
    const properties = checker.getPropertiesOfType(t)
    return (
      properties.length > 0 &&
      properties.every((property) => isOperation(checker.getTypeOfSymbol(property), depth + 1))
    )
  }

  // The docs of a member; for a method or resource listed from a documented value (`search:
  // Search.search` in an endpoint tree), that value's docs too.
  const docsOfSymbol = (symbol, seen = new Set()) => {
    if (seen.has(symbol)) return []
    seen.add(symbol)
    const docs = []
    for (const declaration of symbol.declarations ?? []) {
      // The standard library's and the dependencies' comments describe their own types, not these.
      if (isLib(declaration) || isDependency(declaration)) continue
      docs.push(...docsOfNode(declaration))
      if (
        ts.isPropertyAssignment(declaration) &&
        symbol.flags & ts.SymbolFlags.Property &&
        isOperation(checker.getTypeOfSymbol(symbol)) &&
        (ts.isIdentifier(declaration.initializer) || ts.isPropertyAccessExpression(declaration.initializer))
      ) {
        let origin = checker.getSymbolAtLocation(declaration.initializer)
        if (origin && origin.flags & ts.SymbolFlags.Alias) origin = checker.getAliasedSymbol(origin)
        if (origin) docs.push(...docsOfSymbol(origin, seen))
      }
    }
    return docs
  }

  // A well-known symbol key (`[Symbol.asyncDispose]`); any other symbol key is internal.
  const memberKey = (property, path) => {
    if (!property.escapedName.startsWith("__@")) return propertyName(property.name)
    const declarationName = property.declarations?.[0]?.name
    if (
      declarationName &&
      ts.isComputedPropertyName(declarationName) &&
      ts.isPropertyAccessExpression(declarationName.expression) &&
      ts.isIdentifier(declarationName.expression.expression) &&
      declarationName.expression.expression.text === "Symbol"
    ) {
      return `[Symbol.${declarationName.expression.name.text}]`
    }
    return fail(path, `the symbol-keyed member ${property.name} has no plain TypeScript spelling`)
  }

  const withoutUndefined = (type, which) => {
    if (!(type.flags & ts.TypeFlags.Union)) return type
    const kept = type.types.filter((member) => !(member.flags & ts.TypeFlags.Undefined && which(member)))
    return kept.length === type.types.length ? type : { union: kept }
  }

  // ---- printing -----------------------------------------------------------------------------------

  const printUnion = (members, path) => {
    const hasTrue = members.some((m) => m.flags & ts.TypeFlags.BooleanLiteral && m.intrinsicName === "true")
    const hasFalse = members.some((m) => m.flags & ts.TypeFlags.BooleanLiteral && m.intrinsicName === "false")
    const parts = []
    let booleanAt = -1
    for (const member of members) {
      if (hasTrue && hasFalse && member.flags & ts.TypeFlags.BooleanLiteral) {
        if (booleanAt === -1) {
          booleanAt = parts.length
          parts.push("boolean")
        }
        continue
      }
      const text = print(member, path)
      // A function type in a union needs parentheses: `(() => void) | undefined`, not `() => void | undefined`.
      parts.push(/=>/.test(text) && !text.startsWith("{") ? `(${text})` : text)
    }
    // `null` and `undefined` last, as they are written.
    const nullish = (text) => text === "undefined" || text === "null"
    return [...parts.filter((p) => !nullish(p)), ...parts.filter(nullish)].join(" | ")
  }

  const printParameters = (signature, path) => {
    const out = []
    for (const parameter of signature.getParameters()) {
      const declaration = parameter.valueDeclaration
      const type = checker.getTypeOfSymbol(parameter)
      if (declaration && ts.isParameter(declaration) && declaration.dotDotDotToken) {
        if (checker.isTupleType(type)) {
          const target = type.target
          const elements = checker.getTypeArguments(type)
          elements.forEach((element, i) => {
            const flags = target.elementFlags[i]
            const label = target.labeledElementDeclarations?.[i]
            const name = label && ts.isIdentifier(label.name) ? label.name.text : `arg${i}`
            if (flags & ts.ElementFlags.Variadic) fail(path, "a variadic tuple parameter")
            if (flags & ts.ElementFlags.Rest) {
              out.push(`...${name}: ${print(checker.createArrayType(element), [...path, name])}`)
            } else {
              const optional = (flags & ts.ElementFlags.Optional) !== 0
              const elementType = optional ? withoutUndefined(element, () => true) : element
              out.push(`${name}${optional ? "?" : ""}: ${print(elementType, [...path, name])}`)
            }
          })
          continue
        }
        out.push(`...${parameter.name}: ${print(type, [...path, parameter.name])}`)
        continue
      }
      const optional =
        declaration !== undefined && ts.isParameter(declaration) && checker.isOptionalParameter(declaration)
      const parameterType = optional ? withoutUndefined(type, () => true) : type
      out.push(`${parameter.name}${optional ? "?" : ""}: ${print(parameterType, [...path, parameter.name])}`)
    }
    return out.join(", ")
  }

  const printSignature = (signature, path, form) => {
    if (signature.typeParameters?.length) fail(path, "a generic signature")
    const parameters = printParameters(signature, path)
    const returns = print(checker.getReturnTypeOfSignature(signature), [...path, "return"])
    if (form === "arrow") return `(${parameters}) => ${returns}`
    if (form === "new") return `new (${parameters}): ${returns}`
    return `(${parameters}): ${returns}`
  }

  // Members in the order they are written. The checker lists a mapped type's members (a schema's
  // fields) in no particular order; their declarations sit in object literals, and the literal that
  // declares the most of them, spreads included, gives the order.
  const inWrittenOrder = (properties) => {
    const literals = new Set(
      properties
        .flatMap((property) => property.declarations ?? [])
        .map((declaration) => declaration.parent)
        .filter((parent) => parent && ts.isObjectLiteralExpression(parent))
    )
    let best = []
    for (const literal of literals) {
      const names = literalOrder(literal)
      const covered = properties.filter((property) => names.includes(property.escapedName)).length
      if (covered > best.filter((name) => properties.some((p) => p.escapedName === name)).length) best = names
    }
    const rank = (property) => {
      const i = best.indexOf(property.escapedName)
      return i === -1 ? best.length + properties.indexOf(property) : i
    }
    return [...properties].sort((a, b) => rank(a) - rank(b))
  }

  // The keys of an object literal as written, spreads of literals expanded in place.
  const literalOrder = (literal, depth = 0) =>
    literal.properties.flatMap((element) => {
      if (!ts.isSpreadAssignment(element)) {
        const symbol = element.symbol
        return symbol ? [symbol.escapedName] : []
      }
      let origin = checker.getSymbolAtLocation(element.expression)
      if (origin && origin.flags & ts.SymbolFlags.Alias) origin = checker.getAliasedSymbol(origin)
      const initializer = origin?.valueDeclaration?.initializer
      if (depth < 8 && initializer && ts.isObjectLiteralExpression(initializer)) {
        return literalOrder(initializer, depth + 1)
      }
      return checker
        .getPropertiesOfType(checker.getTypeAtLocation(element.expression))
        .map((p) => p.escapedName)
    })

  // Base types' members first (a schema class's fields before its getters), then its own.
  const orderedProperties = (type) => {
    const all = new Map(checker.getPropertiesOfType(type).map((property) => [property.escapedName, property]))
    const order = []
    const seen = new Set()
    const visit = (t) => {
      if (t.objectFlags & (ts.ObjectFlags.Class | ts.ObjectFlags.Interface | ts.ObjectFlags.Reference)) {
        for (const base of checker.getBaseTypes(t.target ?? t) ?? []) visit(base)
      }
      const level = checker.getPropertiesOfType(t).filter((property) => !seen.has(property.escapedName))
      for (const property of inWrittenOrder(level)) {
        seen.add(property.escapedName)
        order.push(property.escapedName)
      }
    }
    visit(type)
    return order.map((name) => all.get(name)).filter(Boolean)
  }

  const printMember = (property, path) => {
    const key = memberKey(property, path)
    const at = [...path, property.name]
    const doc = mergeDocs(docsOfSymbol(property))
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0
    if (property.flags & ts.SymbolFlags.Method) {
      const type = checker.getTypeOfSymbol(property)
      const signatures = checker.getSignaturesOfType(withoutUndefinedType(type), ts.SignatureKind.Call)
      return signatures
        .map((signature) => `${doc}${key}${optional ? "?" : ""}${printSignature(signature, at, "method")}`)
        .join("\n")
    }
    let type = checker.getTypeOfSymbol(property)
    // With `exactOptionalPropertyTypes`, an optional member's type carries a "missing" marker that
    // `?` already says; a written `| undefined` is the checker's own undefined type and stays.
    if (optional) type = withoutUndefined(type, (member) => member !== undefinedType)
    return `${doc}${isReadonly(property) ? "readonly " : ""}${key}${optional ? "?" : ""}: ${print(type, at)}`
  }
  const withoutUndefinedType = (type) => {
    const stripped = withoutUndefined(type, () => true)
    if (!("union" in stripped)) return stripped
    if (stripped.union.length !== 1) throw new Error("a method with several types")
    return stripped.union[0]
  }

  const printIndexInfos = (type, path) =>
    checker
      .getIndexInfosOfType(type)
      .map(
        (info) =>
          `${info.isReadonly ? "readonly " : ""}[key: ${print(info.keyType, path)}]: ${print(info.type, [...path, "[key]"])}`
      )

  // The members of an object type, one a line.
  const printMembers = (type, path, properties = orderedProperties(type)) => [
    ...checker
      .getSignaturesOfType(type, ts.SignatureKind.Call)
      .map((signature) => printSignature(signature, path, "call")),
    ...checker
      .getSignaturesOfType(type, ts.SignatureKind.Construct)
      .map((signature) => printSignature(signature, path, "new")),
    ...printIndexInfos(type, path),
    ...properties.map((property) => printMember(property, path))
  ]

  const printObjectLiteral = (type, path) => {
    const call = checker.getSignaturesOfType(type, ts.SignatureKind.Call)
    if (
      call.length === 1 &&
      checker.getPropertiesOfType(type).length === 0 &&
      checker.getSignaturesOfType(type, ts.SignatureKind.Construct).length === 0 &&
      checker.getIndexInfosOfType(type).length === 0
    ) {
      return printSignature(call[0], path, "arrow")
    }
    const members = printMembers(type, path)
    return members.length === 0 ? "{}" : `{\n${members.join("\n")}\n}`
  }

  // A named type of the workspace that no export names: users could not name it.
  const unexported = (name, path) =>
    fail(path, `${name} is reached but ${relative(root, entry)} does not export it: export it under a name`)

  const print = (type, path, top = false) => {
    if ("union" in type) return printUnion(type.union, path)
    if (path.length > 40) fail(path, "the type is too deep (recursive?)")
    if (!top) {
      const name = named.get(type)
      if (name !== undefined) return name
      if (type.aliasSymbol && genericNames.has(type.aliasSymbol)) {
        const args = (type.aliasTypeArguments ?? []).map((arg) => print(arg, path))
        return `${genericNames.get(type.aliasSymbol)}<${args.join(", ")}>`
      }
    }
    const f = type.flags
    const keyword = keywords.find(([flag]) => f & flag)
    if (keyword) return keyword[1]
    if (f & ts.TypeFlags.EnumLiteral) fail(path, "an enum")
    if (f & ts.TypeFlags.StringLiteral) return JSON.stringify(type.value)
    if (f & ts.TypeFlags.NumberLiteral) return String(type.value)
    if (f & ts.TypeFlags.BigIntLiteral) return `${type.value.negative ? "-" : ""}${type.value.base10Value}n`
    if (f & ts.TypeFlags.BooleanLiteral) return type.intrinsicName
    if (f & ts.TypeFlags.UniqueESSymbol) fail(path, "a unique symbol")
    if (f & ts.TypeFlags.Union) return printUnion(type.types, path)
    if (f & ts.TypeFlags.Intersection) {
      if (type.types.every((member) => member.flags & ts.TypeFlags.Object)) {
        return printObjectLiteral(type, path)
      }
      return type.types.map((member) => print(member, path)).join(" & ")
    }
    if (f & ts.TypeFlags.TypeParameter) fail(path, "a type parameter")
    if (!(f & ts.TypeFlags.Object))
      fail(path, `a type the generator does not know (${checker.typeToString(type)})`)

    if (checker.isTupleType(type)) {
      const target = type.target
      const elements = checker.getTypeArguments(type).map((element, i) => {
        const flags = target.elementFlags[i]
        const label = target.labeledElementDeclarations?.[i]
        const name =
          label && ts.isIdentifier(label.name)
            ? `${label.name.text}${flags & ts.ElementFlags.Optional ? "?" : ""}: `
            : ""
        const text = print(element, path)
        if (flags & ts.ElementFlags.Rest) return `...${name}${text}[]`
        return `${name}${text}${!name && flags & ts.ElementFlags.Optional ? "?" : ""}`
      })
      return `${target.readonly ? "readonly " : ""}[${elements.join(", ")}]`
    }

    const symbol = type.aliasSymbol ?? type.symbol
    const declaration = symbol?.declarations?.[0]
    if (declaration && isLib(declaration)) {
      // The standard library's types by name; its functions (`fetch`) as `typeof globalThis.fetch`.
      if (
        type.symbol &&
        type.symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class) &&
        !(type.objectFlags & ts.ObjectFlags.Anonymous)
      ) {
        const args = type.objectFlags & ts.ObjectFlags.Reference ? checker.getTypeArguments(type) : []
        const shown = args.slice(0, type.target?.typeParameters?.length ?? args.length)
        return shown.length === 0
          ? type.symbol.name
          : `${type.symbol.name}<${shown.map((arg) => print(arg, path)).join(", ")}>`
      }
      if (
        type.objectFlags & ts.ObjectFlags.Anonymous &&
        type.symbol &&
        type.symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable) &&
        !type.aliasSymbol
      ) {
        return `typeof globalThis.${type.symbol.name}`
      }
      // A library alias (`Record<K, V>`, `Partial<T>`): its structure.
      return printObjectLiteral(type, path)
    }
    if (declaration && isDependency(declaration)) {
      const mapped = type.objectFlags & ts.ObjectFlags.Mapped || type.objectFlags & ts.ObjectFlags.Anonymous
      if (!mapped && !type.aliasSymbol) {
        fail(path, `${checker.typeToString(type)} comes from a dependency (${where(declaration)})`)
      }
      return printObjectLiteral(type, path)
    }
    // A named type of the workspace: a class, an interface, or a non-generic alias.
    if (top) return printObjectLiteral(type, path)
    if (
      type.aliasSymbol &&
      !type.aliasTypeArguments?.length &&
      type.aliasSymbol.declarations?.some(ts.isTypeAliasDeclaration)
    ) {
      return unexported(type.aliasSymbol.name, path)
    }
    if (
      type.symbol &&
      type.symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface) &&
      !(type.objectFlags & ts.ObjectFlags.Reference && checker.getTypeArguments(type).length > 0)
    ) {
      return unexported(type.symbol.name, path)
    }
    return printObjectLiteral(type, path)
  }

  // `export interface X { … }` for object types, `export type X = …` for the rest.
  const declareType = (name, type, docs, path) => {
    const doc = mergeDocs(docs)
    const objectLike =
      (type.flags & ts.TypeFlags.Object && !checker.isTupleType(type) && !checker.isArrayType(type)) ||
      (type.flags & ts.TypeFlags.Intersection &&
        type.types.every((member) => member.flags & ts.TypeFlags.Object))
    if (objectLike) {
      const body = print(type, path, true)
      if (body.startsWith("{")) return `${doc}export interface ${name} ${body}`
      return `${doc}export type ${name} = ${body}`
    }
    return `${doc}export type ${name} = ${print(type, path, true)}`
  }

  // ---- declarations -------------------------------------------------------------------------------

  const declarationDocs = ({ symbol, target }) => [
    ...(symbol === target ? [] : (symbol.declarations ?? []).flatMap(docsOfNode)),
    ...docsOfSymbol(target)
  ]

  const declareClass = (item) => {
    const { name, target } = item
    const instance = checker.getDeclaredTypeOfSymbol(target)
    const statics = checker.getTypeOfSymbol(target)
    const classDeclarations = (target.declarations ?? []).filter(ts.isClassDeclaration)
    const members = classDeclarations.flatMap((declaration) => declaration.members)
    const heritage = classDeclarations
      .flatMap((declaration) => declaration.heritageClauses ?? [])
      .find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)
    // The base class, when it prints as a name (an export, or the standard library's `Error`);
    // otherwise (a class a function of the sources makes) its members and constructor are spelled
    // out here, after the class's own.
    let base
    let extendsText = ""
    if (heritage) {
      base = checker.getBaseTypes(instance)[0]
      const printable = base && (named.has(base) || (base.symbol?.declarations ?? []).some(isLib))
      const text = printable ? print(base, [name, "extends"]) : ""
      if (identifier.test(text.replace(/<.*>$/s, ""))) extendsText = ` extends ${text}`
      else base = undefined
    }
    const spelledOut = heritage !== undefined && base === undefined
    const inherited = (property) =>
      base !== undefined && checker.getPropertyOfType(base, property.name) === property
    const lines = []
    if (members.some((member) => member.name && ts.isPrivateIdentifier(member.name))) lines.push("#private")
    for (const member of members) {
      if (
        member.name &&
        !ts.isPrivateIdentifier(member.name) &&
        ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Private
      ) {
        lines.push(`private ${member.name.getText()}`)
      }
    }
    const constructors =
      members.some(ts.isConstructorDeclaration) || !spelledOut
        ? members
            .filter(ts.isConstructorDeclaration)
            .filter((declaration, _, all) => declaration.body !== undefined || all.length === 1)
            .map((declaration) => checker.getSignatureFromDeclaration(declaration))
        : // Inherited from the spelled-out base: its signatures, and their comments.
          checker.getSignaturesOfType(statics, ts.SignatureKind.Construct)
    for (const signature of constructors) {
      const docs = signature.declaration ? docsOfNode(signature.declaration) : []
      lines.push(`${mergeDocs(docs)}constructor(${printParameters(signature, [name, "constructor"])})`)
    }
    for (const property of checker.getPropertiesOfType(statics)) {
      if (property.name === "prototype") continue
      const own = property.declarations?.some((declaration) => classDeclarations.includes(declaration.parent))
      if (own) lines.push(`static ${printMember(property, [name])}`)
    }
    const isPrivate = (property) =>
      (property.declarations ?? []).some(
        (declaration) =>
          (declaration.name && ts.isPrivateIdentifier(declaration.name)) ||
          ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Private
      )
    const ofBaseClass = (property) =>
      spelledOut &&
      (property.declarations ?? []).some(
        (declaration) => ts.isClassLike(declaration.parent) && !classDeclarations.includes(declaration.parent)
      )
    const properties = orderedProperties(instance).filter(
      (property) => !inherited(property) && !isPrivate(property)
    )
    for (const property of [
      ...properties.filter((property) => !ofBaseClass(property)),
      ...properties.filter(ofBaseClass)
    ]) {
      lines.push(printMember(property, [name]))
    }
    return `${mergeDocs(declarationDocs(item))}export declare class ${name}${extendsText} {\n${lines.join("\n")}\n}`
  }

  const probe = program.getSourceFile(probeFile)
  const probeType = probe
    ? checker.getDeclaredTypeOfSymbol(checker.getExportsOfModule(checker.getSymbolAtLocation(probe))[0])
    : undefined

  const declareTable = (item) => {
    const { name, target } = item
    const [parameter] = typeParametersOf(target)
    const constraint = checker.getBaseConstraintOfType(checker.getTypeAtLocation(parameter))
    const row = checker.getTypeOfSymbol(checker.getPropertyOfType(probeType, name))
    const entries = checker.getPropertiesOfType(row).map((property) => {
      const text = print(checker.getTypeOfSymbol(property), [name, property.name], true)
      return `readonly ${propertyName(property.name)}: ${text}`
    })
    const p = parameter.name.text
    return `${mergeDocs(declarationDocs(item))}export type ${name}<${p} extends ${print(constraint, [name])}> = {\n${entries.join("\n")}\n}[${p}]`
  }

  const blocks = []
  for (const item of exported) {
    const { name, target, typeOnly } = item
    if (typeParametersOf(target).length > 0) blocks.push(declareTable(item))
    else if (target.flags & ts.SymbolFlags.Class && !typeOnly) blocks.push(declareClass(item))
    else if (target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class)) {
      const type = checker.getDeclaredTypeOfSymbol(target)
      const first = named.get(type)
      blocks.push(
        first === name
          ? declareType(name, type, declarationDocs(item), [name])
          : `${mergeDocs(declarationDocs(item))}export type ${name} = ${first}`
      )
    } else if (target.flags & (ts.SymbolFlags.Variable | ts.SymbolFlags.Function) && !typeOnly) {
      const type = checker.getTypeOfSymbol(target)
      blocks.push(`${mergeDocs(declarationDocs(item))}export declare const ${name}: ${print(type, [name])}`)
    } else {
      fail([name], "an export of a kind the generator does not know")
    }
  }

  return { text: blocks.join("\n\n"), exported: exported.map(({ name }) => name) }
}

const { text, exported } = generate()
const formatted = await prettier.format(text, {
  ...(await prettier.resolveConfig(join(outDir, "index.d.ts"))),
  parser: "typescript"
})
mkdirSync(outDir, { recursive: true })
for (const file of ["index.d.ts", "index.d.cts"]) writeFileSync(join(outDir, file), formatted)
console.log(
  `${relative(process.cwd(), join(outDir, "index.d.ts"))}: ${exported.length} exports, ` +
    `${(Buffer.byteLength(formatted) / 1024).toFixed(1)} KB`
)
