/**
 * The explorer runtime's public face: what an explorer's index.ts, program and worker entry import. The modules
 * behind it (latest-wins messaging, packing, transfer, lazy panels, pending grey, latency marks) are the
 * runtime's own.
 */
export { createExplorerRuntime } from './runtime.ts';
export type { ComputedIn, ExplorerRuntime, ExplorerSpec, OnScreen, PageStep, Pass } from './spec.ts';
export type { Panel, Redraw } from './panel.ts';
export { createStatusPublisher, type ExplorerStatus, type StatusPublisher } from './status.ts';
export { ExplorerRunner, type ExplorerPort } from './runner.ts';
export type { Detail, ExplorerProgram } from './protocol.ts';
export { serveExplorer, type HostScope } from './host.ts';
export { createCostModel, BUDGET_MS, type InPagePlan } from './in-page-cost.ts';
export { sameState, sameValue } from './same-state.ts';
export { resultOnly } from './transfer.ts';
