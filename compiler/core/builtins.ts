// The names and parameter lists of dl's builtin functions (spec §8), shared
// by the checker (arity, named arguments) and every engine (argument
// binding). Type rules live in the checker; implementations in vm/ and
// kernels/. One entry per builtin; `...` marks a variadic tail.

/** One parameter: its name and whether it may be left out. */
export interface BuiltinParam {
  readonly name: string;
  readonly optional?: boolean;
  /** Accepts any number of positional values (print, Sequential). */
  readonly variadic?: boolean;
}

function p(spec: string): BuiltinParam[] {
  if (spec === "") return [];
  return spec.split(",").map((s) => s.trim()).map((s) => {
    if (s.startsWith("...")) return { name: s.slice(3), variadic: true };
    if (s.endsWith("?")) return { name: s.slice(0, -1), optional: true };
    return { name: s };
  });
}

const UNARY = "x";
const REDUCE = "x, axis?, keepdims?";

/** Parameter lists of every builtin function, by name. */
export const BUILTIN_PARAMS: Readonly<Record<string, readonly BuiltinParam[]>> =
  {
    // creation
    zeros: p("shape, dtype?"),
    ones: p("shape, dtype?"),
    full: p("shape, value, dtype?"),
    arange: p("start, stop?, step?, dtype?"),
    linspace: p("start, stop, num, dtype?"),
    eye: p("n, dtype?"),
    rand: p("shape, dtype?"),
    randn: p("shape, dtype?"),
    randint: p("low, high, shape, dtype?"),
    tensor: p("data, dtype?"),
    // shape
    reshape: p("x, shape"),
    transpose: p("x, perm?"),
    flatten: p("x, start?"),
    squeeze: p("x, axis?"),
    unsqueeze: p("x, axis"),
    concat: p("tensors, axis?"),
    stack: p("tensors, axis?"),
    len: p("x"),
    astype: p("x, dtype"),
    item: p("x"),
    // element-wise
    exp: p(UNARY),
    log: p(UNARY),
    sqrt: p(UNARY),
    abs: p(UNARY),
    sin: p(UNARY),
    cos: p(UNARY),
    tanh: p(UNARY),
    sigmoid: p(UNARY),
    relu: p(UNARY),
    gelu: p(UNARY),
    floor: p(UNARY),
    ceil: p(UNARY),
    sign: p(UNARY),
    pow: p("x, y"),
    maximum: p("x, y"),
    minimum: p("x, y"),
    clip: p("x, lo, hi"),
    where: p("cond, x, y"),
    // reductions (max/min also take two scalars: `max(a, b)`)
    sum: p(REDUCE),
    mean: p(REDUCE),
    max: p("x, y?, axis?, keepdims?"),
    min: p("x, y?, axis?, keepdims?"),
    prod: p(REDUCE),
    var: p("x, axis?, keepdims?, ddof?"),
    std: p("x, axis?, keepdims?, ddof?"),
    argmax: p(REDUCE),
    argmin: p(REDUCE),
    logsumexp: p(REDUCE),
    // networks
    softmax: p("x, axis?"),
    log_softmax: p("x, axis?"),
    cross_entropy: p("logits, labels"),
    mse: p("pred, target"),
    accuracy: p("logits, labels"),
    one_hot: p("labels, n"),
    // autodiff and models
    grad: p("f"),
    value_and_grad: p("f"),
    param: p("t"),
    params: p("model"),
    // layers
    Linear: p("inp, out, bias?"),
    Conv2d: p("inp, out, kernel, stride?, padding?"),
    MaxPool2d: p("kernel"),
    Sequential: p("...layers"),
    Embedding: p("n, dim"),
    LayerNorm: p("dim"),
    Dropout: p("p"),
    BatchNorm: p("n"),
    train: p("model"),
    eval: p("model"),
    // optimizers
    SGD: p("net, lr, momentum?, weight_decay?"),
    Adam: p("net, lr?, beta1?, beta2?, eps?, weight_decay?"),
    AdamW: p("net, lr?, beta1?, beta2?, eps?, weight_decay?"),
    RMSprop: p("net, lr?, alpha?, eps?, weight_decay?"),
    clip_grad_norm: p("g, max_norm"),
    // data
    load_idx: p("path"),
    load_csv: p("path, header?"),
    load_npy: p("path"),
    save_npy: p("x, path"),
    save: p("model, path"),
    load: p("model, path"),
    dataset: p("name, split"),
    batches: p("x, y, size?, shuffle?"),
    progress: p("iterable, label?"),
    plot: p("values, title?, file?"),
    // misc
    print: p("...values"),
    str: p("x"),
    int: p("x"),
    float: p("x"),
    round: p("x, digits?"),
    seed: p("n"),
    clock: p(""),
    assert: p("cond, message?"),
    push: p("list, value"),
    range: p("start, stop"),
    args: p(""),
  };

/** True if `name` is a builtin function. */
export function isBuiltin(name: string): boolean {
  return Object.hasOwn(BUILTIN_PARAMS, name);
}

/** Names bound at the top of every program besides functions: dtypes. */
export const BUILTIN_CONSTANTS: readonly string[] = [
  "f32",
  "f64",
  "i32",
  "bool",
  "i8",
];
