// Part of the wasm split (scripts/split-wasm.mjs): the first part's entries for the deferred
// part's functions, without an import each.
//
// wasm-split gives each function of the deferred part that the first part can reach (through
// the function table, or a call it turns into one through the table) a placeholder: a function
// the first part imports from JavaScript, named by its slot in the table, which loads the
// deferred part and calls the slot again. There were 2,277 of them in November 2026: 54 KB of
// import section (11 KB gzip) in the first load, and as many JS functions made as the page
// instantiates it, on its thread before the start.
//
// Here every such slot holds instead a stub of the first part, one per signature: it loads the
// deferred part (one import, `deferred.load`) and calls the slot again. A stub cannot tell which
// slot it was called through, so each indirect call of the first part goes through a dispatcher
// of its signature, which notes the slot in a global before it calls it. Once the deferred part
// is in, its own element segment has put its functions in those slots, and the stubs are not
// called again.
//
// Works on a module of Binaryen's JS API (npm's binaryen), which names what it refers to, so
// removing the imports renumbers the rest.

/** The import namespace of wasm-split's placeholders. */
const PLACEHOLDERS = "placeholder";
/** The one function the stubs import, which the glue gives (split-wasm.mjs). */
export const LOAD_IMPORT = { module: "deferred", base: "load" };
const LOAD = "overhead_load_deferred";
/** The slot the last indirect call went through. */
const CALLED_SLOT = "overhead_called_slot";

/** Replaces `module`'s placeholder imports with stubs, and routes its indirect calls that may
 * reach one through dispatchers; returns how many placeholders went, and how many calls. */
export function stubsForPlaceholders(binaryen, module) {
  const table = binaryen.getTableInfo(module.getTableByIndex(0)).name;
  const placeholders = functionsImportedFrom(binaryen, module, PLACEHOLDERS);
  if (placeholders.length === 0) return { stubbed: 0, routed: 0 };

  const stubs = new Signatures("overhead_stub_");
  const stubOf = new Map(placeholders.map((placeholder) => [placeholder.name, stubs.nameFor(placeholder.params, placeholder.results)]));
  const reachesStub = reachesStubTest(binaryen, module, table, stubOf, stubs);
  const dispatchers = new Signatures("overhead_dispatch_");
  let routed = 0;
  for (const func of definedFunctions(binaryen, module)) routed += routeIndirectCalls(binaryen, module, func, reachesStub, dispatchers);

  module.addGlobal(CALLED_SLOT, binaryen.i32, true, module.i32.const(0));
  module.addFunctionImport(LOAD, LOAD_IMPORT.module, LOAD_IMPORT.base, binaryen.none, binaryen.none);
  for (const { name, params, results } of dispatchers.all()) addDispatcher(binaryen, module, table, name, params, results);
  for (const { name, params, results } of stubs.all()) addStub(binaryen, module, table, name, params, results);
  replaceInElementSegments(binaryen, module, stubOf);
  for (const { name } of placeholders) module.removeFunction(name);
  return { stubbed: placeholders.length, routed };
}

/** The functions `module` imports from `from`, as Binaryen describes them. */
export function functionsImportedFrom(binaryen, module, from) {
  return functions(module)
    .map((func) => binaryen.getFunctionInfo(func))
    .filter((info) => info.module === from);
}

function definedFunctions(binaryen, module) {
  return functions(module).filter((func) => binaryen.getFunctionInfo(func).module === "");
}

function functions(module) {
  return Array.from({ length: module.getNumFunctions() }, (_, i) => module.getFunctionByIndex(i));
}

/** Functions named by the signature they take, one each, made on first request. */
class Signatures {
  constructor(prefix) {
    this.prefix = prefix;
    this.bySignature = new Map();
  }
  has(params, results) {
    return this.bySignature.has(`${params}:${results}`);
  }
  nameFor(params, results) {
    const key = `${params}:${results}`;
    let entry = this.bySignature.get(key);
    if (!entry) {
      entry = { name: `${this.prefix}${this.bySignature.size}`, params, results };
      this.bySignature.set(key, entry);
    }
    return entry.name;
  }
  all() {
    return [...this.bySignature.values()];
  }
}

/** `call_indirect` through `table` with the slot a dispatcher's last parameter: notes the slot,
 * then calls it. */
function addDispatcher(binaryen, module, table, name, params, results) {
  const types = binaryen.expandType(params);
  const slot = () => module.local.get(types.length, binaryen.i32);
  const operands = types.map((type, i) => module.local.get(i, type));
  const body = module.block(null, [module.global.set(CALLED_SLOT, slot()), module.call_indirect(table, slot(), operands, params, results)], results);
  module.addFunction(name, binaryen.createType([...types, binaryen.i32]), results, [], body);
}

/** Loads the deferred part, whose instance fills the slot noted, and calls that slot again. */
function addStub(binaryen, module, table, name, params, results) {
  const types = binaryen.expandType(params);
  // Read before the load: nothing may run in between that calls through the table.
  const slot = types.length;
  const operands = types.map((type, i) => module.local.get(i, type));
  const body = module.block(
    null,
    [
      module.local.set(slot, module.global.get(CALLED_SLOT, binaryen.i32)),
      module.call(LOAD, [], binaryen.none),
      module.call_indirect(table, module.local.get(slot, binaryen.i32), operands, params, results),
    ],
    results,
  );
  module.addFunction(name, params, results, [binaryen.i32], body);
}

/** Whether a `call_indirect` (as Binaryen describes it) may call a stub: one through `table`,
 * of a signature some stub has, unless it names a slot that holds no stub. The others need no
 * dispatcher (an indirect call costs one more call with it). */
function reachesStubTest(binaryen, module, table, stubOf, stubs) {
  const stubSlots = new Set();
  for (const segment of elementSegments(binaryen, module)) {
    if (segment.table !== table) continue;
    const offset = constantOffset(binaryen, segment);
    segment.data.forEach((name, i) => stubOf.has(name) && stubSlots.add(offset + i));
  }
  return (info) => {
    if (info.table !== table || info.isReturn || !stubs.has(info.params, info.results)) return false;
    if (binaryen.getExpressionId(info.target) !== binaryen.ConstId) return true;
    return stubSlots.has(binaryen.getExpressionInfo(info.target).value);
  };
}

/** Replaces, in `func`, each `call_indirect` that may reach a stub with a call of the
 * dispatcher of its signature. Inner calls first: an outer call's operands are read when it
 * is replaced. */
function routeIndirectCalls(binaryen, module, func, reachesStub, dispatchers) {
  const sites = [];
  const root = {
    get: () => binaryen.getFunctionInfo(func).body,
    set: (expression) => binaryen.Function.setBody(func, expression),
  };
  const pending = [root];
  while (pending.length > 0) {
    const slot = pending.pop();
    const expression = slot.get();
    if (expression === 0) continue;
    const info = expressionInfo(binaryen, expression);
    if (info.id === binaryen.CallIndirectId && reachesStub(info)) sites.push({ slot, info });
    pending.push(...childSlots(binaryen, expression, info));
  }
  for (const { slot, info } of sites.reverse()) {
    const current = expressionInfo(binaryen, slot.get());
    const name = dispatchers.nameFor(info.params, info.results);
    slot.set(module.call(name, [...current.operands, current.target], info.results));
  }
  return sites.length;
}

// The children of each kind of expression the page's wasm holds, by the names Binaryen's JS API
// gives them (`getExpressionInfo`, and a setter for each). A kind not listed fails the build.
const CHILDREN = {
  Block: { lists: ["children"] },
  If: { fields: ["condition", "ifTrue", "ifFalse"] },
  Loop: { fields: ["body"] },
  Break: { fields: ["condition", "value"] },
  Switch: { fields: ["condition", "value"] },
  Call: { lists: ["operands"] },
  CallIndirect: { fields: ["target"], lists: ["operands"] },
  LocalSet: { fields: ["value"] },
  GlobalSet: { fields: ["value"] },
  Load: { fields: ["ptr"] },
  Store: { fields: ["ptr", "value"] },
  Unary: { fields: ["value"] },
  Binary: { fields: ["left", "right"] },
  Select: { fields: ["ifTrue", "ifFalse", "condition"] },
  Drop: { fields: ["value"] },
  Return: { fields: ["value"] },
  MemoryGrow: { fields: ["delta"] },
  MemoryInit: { fields: ["dest", "offset", "size"] },
  MemoryCopy: { fields: ["dest", "source", "size"] },
  MemoryFill: { fields: ["dest", "value", "size"] },
  RefIsNull: { fields: ["value"] },
  TableGet: { fields: ["index"] },
  TableSet: { fields: ["index", "value"] },
  TableGrow: { fields: ["value", "delta"] },
  TupleMake: { lists: ["operands"] },
  TupleExtract: { fields: ["tuple"] },
  LocalGet: {},
  GlobalGet: {},
  Const: {},
  Nop: {},
  Unreachable: {},
  MemorySize: {},
  DataDrop: {},
  RefNull: {},
  RefFunc: {},
  TableSize: {},
};

const KIND_BY_ID = new Map();

/** What Binaryen says of `expression`, with its kind's name; fails on a kind not in `CHILDREN`. */
function expressionInfo(binaryen, expression) {
  if (KIND_BY_ID.size === 0) for (const kind of Object.keys(CHILDREN)) KIND_BY_ID.set(binaryen[`${kind}Id`], kind);
  const id = binaryen.getExpressionId(expression);
  const kind = KIND_BY_ID.get(id);
  if (!kind) {
    const name = Object.keys(binaryen).find((key) => key.endsWith("Id") && binaryen[key] === id);
    throw new Error(`split wasm: an expression of kind ${name ?? id}, which split-stubs.mjs does not know how to walk`);
  }
  // Binaryen's JS API describes no expression of a kind it has no wrapper for (`Nop`,
  // `Unreachable`, `RefNull`): leaves all.
  return binaryen[kind] ? { ...binaryen.getExpressionInfo(expression), kind } : { id, kind };
}

/** Where each child of `expression` is, as a getter and a setter. */
function childSlots(binaryen, expression, info) {
  const { kind } = info;
  const wrapper = binaryen[kind];
  const { fields = [], lists = [] } = CHILDREN[kind];
  const slots = fields.map((field) => ({
    get: () => binaryen.getExpressionInfo(expression)[field],
    set: (child) => wrapper[`set${field[0].toUpperCase()}${field.slice(1)}`](expression, child),
  }));
  for (const list of lists) {
    // Blocks name the setter of their list `setChildAt`; calls and tuples, `setOperandAt`.
    const setAt = list === "children" ? wrapper.setChildAt : wrapper.setOperandAt;
    info[list].forEach((_, i) =>
      slots.push({
        get: () => binaryen.getExpressionInfo(expression)[list][i],
        set: (child) => setAt(expression, i, child),
      }),
    );
  }
  return slots;
}

/** Has each active element segment name the stub of a placeholder in its place. */
function replaceInElementSegments(binaryen, module, stubOf) {
  for (const segment of elementSegments(binaryen, module)) {
    if (!segment.data.some((name) => stubOf.has(name))) continue;
    const offset = constantOffset(binaryen, segment);
    module.removeElementSegment(segment.name);
    const data = segment.data.map((name) => stubOf.get(name) ?? name);
    module.addActiveElementSegment(segment.table, segment.name, data, module.i32.const(offset));
  }
}

function elementSegments(binaryen, module) {
  const segments = [];
  for (let i = 0; i < module.getNumElementSegments(); i++) segments.push(binaryen.getElementSegmentInfo(module.getElementSegmentByIndex(i)));
  return segments;
}

/** Where an active element segment starts in its table; fails on any other segment. */
function constantOffset(binaryen, segment) {
  const offset = segment.offset === 0 ? null : binaryen.getExpressionInfo(segment.offset);
  if (offset?.id !== binaryen.ConstId) throw new Error(`split wasm: element segment ${segment.name} is passive or starts at an offset that is not a constant`);
  return offset.value;
}
