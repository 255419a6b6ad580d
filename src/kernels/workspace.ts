/**
 * A step-scoped arena for kernel results. A training step makes the same sequence of kernel calls every time; inside
 * `workspace.run(fn)`, the k-th result array handed out reuses the array of the k-th result of the previous run
 * when its length matches, so after the first step a step allocates no result arrays at all. Fresh arrays are not
 * free: each costs an allocation, first-touch page faults and later garbage collection, which for the training page's
 * small networks is a large part of a step.
 *
 * The price is a lifetime: a result obtained inside a run is valid until the next run of the same workspace begins.
 * That is exactly a training step's lifetime — forward outputs feed the loss and the backward pass, gradients are
 * copied into each parameter's own `grad` — so only code that keeps no kernel result past its step may run inside.
 * Outside every run, kernels return fresh arrays as always. Reused arrays hold the previous step's values, so only
 * producers that overwrite every element (`WasmMemory.copyOut`) take them.
 */
export class Workspace {
  private slots: Float32Array[] = [];
  private next = 0;

  /**
   * Run `fn` as one step: result arrays are taken from the previous step's, in order. A run inside a run of the same
   * workspace is part of the outer step; another workspace's run inside has its own steps.
   */
  run<T>(fn: () => T): T {
    const outer = current;
    if (outer === this) return fn();
    current = this;
    this.next = 0;
    try {
      return fn();
    } finally {
      current = outer;
      // Slots this step did not reach would only hold memory.
      this.slots.length = this.next;
    }
  }

  /** An array of `length` floats whose values are unspecified (the caller overwrites all of them). */
  take(length: number): Float32Array {
    const k = this.next++;
    const slot = this.slots[k];
    if (slot !== undefined && slot.length === length) return slot;
    const fresh = new Float32Array(length);
    this.slots[k] = fresh;
    return fresh;
  }

  /** Floats held between steps (for tests and diagnostics). */
  get heldFloats(): number {
    return this.slots.reduce((n, s) => n + s.length, 0);
  }
}

let current: Workspace | null = null;

/** The workspace whose run is in progress, if any. */
export function activeWorkspace(): Workspace | null {
  return current;
}

/**
 * A result array of `length` floats for a kernel that writes every element: the active workspace's, else a new
 * (zeroed) one.
 */
export function resultArray(length: number): Float32Array {
  return current === null ? new Float32Array(length) : current.take(length);
}
