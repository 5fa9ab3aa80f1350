package dev.vigil.scheduler.daemon;

import dev.vigil.scheduler.config.Config.GroupConfig;
import dev.vigil.scheduler.config.Config.TargetConfig;
import java.time.Instant;
import java.util.Date;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job of one target; its triggers are the schedules of the target's groups. Quartz never
 * runs two fires of one job at once, in one node or across a cluster, so a target is never scanned
 * twice at the same time. Interruptible: {@link #interrupt()} interrupts the scanning thread.
 */
@DisallowConcurrentExecution
public final class ScanJob implements InterruptableJob {
  private static final Logger LOG = LoggerFactory.getLogger(ScanJob.class);
  static final String JOB_GROUP = "vigil";
  static final String GROUP_KEY = "vigil.group";

  private final ScanRunner runner;
  private volatile Thread thread;

  ScanJob(ScanRunner runner) {
    this.runner = runner;
  }

  @Override
  public void execute(JobExecutionContext context) {
    String targetName = context.getJobDetail().getKey().getName();
    JobDataMap data = context.getMergedJobDataMap();
    String groupName = data.getString(GROUP_KEY);
    TargetConfig target = runner.target(targetName).orElse(null);
    GroupConfig group = groupName == null ? null : runner.config().groups().get(groupName);
    if (target == null || group == null) {
      // another node's configuration scheduled it; this node's configuration does not know it
      LOG.warn(
          "{} ({}): not in this node's configuration; skipped (do all nodes share one config?)",
          targetName,
          groupName);
      return;
    }
    Instant scheduled = scheduledFireTime(context);
    thread = Thread.currentThread();
    try {
      runner.run(target, group, scheduled, context.isRecovering());
    } finally {
      thread = null;
    }
  }

  /** The fire this execution is for; a recovered execution reports the original fire. */
  static Instant scheduledFireTime(JobExecutionContext context) {
    if (context.isRecovering()) {
      String original =
          context
              .getMergedJobDataMap()
              .getString(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_SCHEDULED_FIRETIME_IN_MILLISECONDS);
      if (original != null) {
        return Instant.ofEpochMilli(Long.parseLong(original));
      }
    }
    Date d = context.getScheduledFireTime();
    return d == null ? Instant.now() : d.toInstant();
  }

  @Override
  public void interrupt() {
    Thread t = thread;
    if (t != null) {
      t.interrupt();
    }
  }
}
