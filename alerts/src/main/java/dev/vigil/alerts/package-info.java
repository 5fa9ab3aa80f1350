/**
 * Failed-control events: after each run, {@link dev.vigil.alerts.AlertPipeline} compares the
 * findings with the previous state of each (target, rule, resource), annotates every finding with
 * its {@link dev.vigil.core.Change}, and hands the events (new failure, regression, resolution,
 * waiver expired, control rollup changed) to the configured {@link
 * dev.vigil.alerts.sink.AlertSink}s.
 */
package dev.vigil.alerts;
