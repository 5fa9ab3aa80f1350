package dev.vigil.scheduler.daemon;

import dev.vigil.alerts.AlertPipeline;
import dev.vigil.alerts.file.JsonLinesSink;
import dev.vigil.alerts.format.AlertFormat;
import dev.vigil.alerts.webhook.WebhookSecret;
import dev.vigil.alerts.webhook.WebhookSink;
import dev.vigil.index.Credentials;
import dev.vigil.index.EvidenceIndex;
import dev.vigil.index.IndexConfig;
import dev.vigil.index.SecretSource;
import dev.vigil.reports.EvidenceArchive;
import dev.vigil.reports.RetentionPolicy;
import dev.vigil.scheduler.config.Config;
import dev.vigil.scheduler.config.Config.AlertSinkConfig;
import dev.vigil.scheduler.config.Config.Cluster;
import dev.vigil.scheduler.config.Config.Elasticsearch;
import dev.vigil.scheduler.config.Config.GroupConfig;
import dev.vigil.scheduler.config.Config.JsonLinesFile;
import dev.vigil.scheduler.config.Config.TargetConfig;
import dev.vigil.scheduler.config.Config.Webhook;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.listeners.TriggerListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vigil serve}: scans every target on its groups' schedules until stopped.
 *
 * <p>One Quartz job per target (so a target is never scanned twice at once), one cron trigger per
 * (target, group). A fire missed while the daemon was down or busy runs once as soon as possible
 * and is counted ({@code vigil_misfires_total}) and journaled. Without a {@code cluster} section
 * the job store is in memory and the last fire of each trigger is remembered in {@code
 * <archive>/.vigil/schedule.properties}; with one, Quartz's JDBC store on PostgreSQL is shared by
 * every node, each fire runs on exactly one node, and the scans of a node that dies are re-run by
 * the others.
 *
 * <p>Life cycle: {@link #start} returns a running daemon; {@link #stop} (or SIGTERM when {@link
 * DaemonOptions#shutdownHook()} is set) puts it in standby, waits up to the configured shutdown
 * timeout for running scans, interrupts what is still running, and shuts down; {@link
 * #awaitShutdown} blocks until then. Thread-safe.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
  private static final String JOB_GROUP = ScanJob.JOB_GROUP;

  private final Config config;
  private final Scheduler scheduler;
  private final ScanRunner runner;
  private final Metrics metrics;
  private final Optional<ScheduleState> state;
  private final Optional<HealthServer> http;
  private final Optional<AlertPipeline> alerts;
  private final Optional<EvidenceIndex> index;
  private final ScheduledExecutorService maintenance;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile Thread hook;

  private Daemon(
      Config config,
      Scheduler scheduler,
      ScanRunner runner,
      Optional<ScheduleState> state,
      Optional<HealthServer> http,
      Optional<AlertPipeline> alerts,
      Optional<EvidenceIndex> index,
      ScheduledExecutorService maintenance) {
    this.config = config;
    this.index = index;
    this.scheduler = scheduler;
    this.runner = runner;
    this.metrics = runner.metrics();
    this.state = state;
    this.http = http;
    this.alerts = alerts;
    this.maintenance = maintenance;
  }

  /**
   * Starts scanning. Returns once the scheduler runs and the health endpoint (if configured)
   * listens.
   *
   * @throws DaemonException a secret cannot be read, the database cannot be reached or prepared,
   *     the health port is taken, or Quartz refuses to start
   */
  public static Daemon start(Config config, DaemonOptions options) throws DaemonException {
    ScheduledExecutorService maintenance =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-maintenance");
              t.setDaemon(true);
              return t;
            });
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      Properties props = quartzProperties(config);
      Optional<Cluster> cluster = config.cluster();
      if (cluster.isPresent()) {
        prepareDatabase(cluster.get(), props);
      }
      Scheduler scheduler;
      try {
        scheduler = new StdSchedulerFactory(props).getScheduler();
      } catch (SchedulerException e) {
        throw new DaemonException("the scheduler cannot start: " + e.getMessage(), false, e);
      }
      String node = nodeId(scheduler, cluster.isPresent());
      Metrics metrics = new Metrics();
      metrics.targets(config.targets().size());
      Journal journal = openJournal(config, node);
      opened.add(journal);
      Optional<AlertPipeline> alerts = alerts(config);
      alerts.ifPresent(opened::add);
      Optional<EvidenceIndex> index = index(config, node);
      index.ifPresent(opened::add);
      ScanRunner runner =
          new ScanRunner(
              config,
              options.pipelineOrDefault(config),
              metrics,
              journal,
              node,
              alerts,
              index,
              maintenance,
              options.clock());
      Optional<ScheduleState> state =
          cluster.isPresent()
              ? Optional.empty()
              : Optional.of(
                  new ScheduleState(
                      config.outputs().archive().resolve(".vigil").resolve("schedule.properties")));
      try {
        scheduler.setJobFactory((bundle, s) -> new ScanJob(runner));
        scheduler
            .getListenerManager()
            .addTriggerListener(new Listener(metrics, journal, node, state));
        reconcile(scheduler, config, state, cluster.isPresent());
      } catch (SchedulerException e) {
        shutdownQuietly(scheduler);
        throw new DaemonException("the schedules cannot be set up: " + e.getMessage(), false, e);
      }
      Optional<HealthServer> http = Optional.empty();
      if (config.http().isPresent()) {
        InetSocketAddress addr = config.http().get().listen();
        try {
          Daemon[] self = new Daemon[1];
          HealthServer server =
              new HealthServer(
                  addr, () -> self[0] == null ? "starting" : self[0].health(), metrics);
          http = Optional.of(server);
          Daemon d = new Daemon(config, scheduler, runner, state, http, alerts, index, maintenance);
          self[0] = d;
          return d.begin(options);
        } catch (IOException e) {
          shutdownQuietly(scheduler);
          throw new DaemonException(
              "the health endpoint cannot listen on " + addr + ": " + e.getMessage(), true, e);
        }
      }
      return new Daemon(config, scheduler, runner, state, http, alerts, index, maintenance)
          .begin(options);
    } catch (DaemonException | RuntimeException e) {
      maintenance.shutdownNow();
      for (AutoCloseable c : opened) {
        try {
          c.close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private Daemon begin(DaemonOptions options) throws DaemonException {
    runner.recoverStaged();
    try {
      scheduler.start();
    } catch (SchedulerException e) {
      http.ifPresent(HealthServer::close);
      shutdownQuietly(scheduler);
      throw new DaemonException("the scheduler cannot start: " + e.getMessage(), false, e);
    }
    state.ifPresent(s -> maintenance.scheduleWithFixedDelay(s::flush, 5, 5, TimeUnit.SECONDS));
    // index.html lists every run: rewriting it costs O(runs), so at most twice a minute
    maintenance.scheduleWithFixedDelay(runner::refreshIndex, 30, 30, TimeUnit.SECONDS);
    alerts.ifPresent(a -> maintenance.scheduleWithFixedDelay(a::flush, 30, 30, TimeUnit.SECONDS));
    if (index.isPresent()) {
      maintenance.scheduleWithFixedDelay(runner::flushIndex, 60, 60, TimeUnit.SECONDS);
    }
    if (config.retention().keepRuns().isPresent() || config.retention().keepDays().isPresent()) {
      maintenance.scheduleWithFixedDelay(this::prune, 1, 600, TimeUnit.SECONDS);
    }
    if (options.shutdownHook()) {
      Thread t = new Thread(this::stop, "vigil-shutdown");
      Runtime.getRuntime().addShutdownHook(t);
      hook = t;
    }
    LOG.info(
        "vigil daemon {} started: {} target(s), {} group(s), {} job store{}",
        runner.node(),
        config.targets().size(),
        config.groups().size(),
        config.cluster().isPresent() ? "clustered JDBC (PostgreSQL)" : "in-memory",
        http.map(h -> ", health and metrics on http://" + hostPort(h.address())).orElse(""));
    return this;
  }

  /**
   * Runs every (target, group) once, now, and returns when all are done ({@code vigil serve
   * --once}, for cron users). Runs in this process whatever the {@code cluster} section says; a
   * target in several groups is scanned once per group, one after the other.
   */
  public static OnceResult runOnce(Config config, DaemonOptions options)
      throws DaemonException, InterruptedException {
    String node = "once-" + hostName();
    Metrics metrics = new Metrics();
    ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    ExecutorService pool = Executors.newFixedThreadPool(config.daemon().threads());
    try (Journal journal = openJournal(config, node)) {
      Optional<AlertPipeline> alerts = alerts(config);
      Optional<EvidenceIndex> index = Optional.empty();
      try {
        index = index(config, node);
        ScanRunner runner =
            new ScanRunner(
                config,
                options.pipelineOrDefault(config),
                metrics,
                journal,
                node,
                alerts,
                index,
                watchdog,
                options.clock());
        runner.recoverStaged();
        List<Future<List<RunRecord>>> futures = new ArrayList<>();
        for (TargetConfig t : config.targets()) {
          futures.add(
              pool.submit(
                  () -> {
                    List<RunRecord> out = new ArrayList<>();
                    for (String g : t.groups()) {
                      out.add(runner.run(t, config.groups().get(g), Instant.now(), false));
                    }
                    return out;
                  }));
        }
        List<RunRecord> records = new ArrayList<>();
        for (Future<List<RunRecord>> f : futures) {
          try {
            records.addAll(f.get());
          } catch (ExecutionException e) {
            throw new IllegalStateException("a scan thread failed", e.getCause());
          }
        }
        runner.refreshIndex();
        return new OnceResult(records);
      } finally {
        index.ifPresent(EvidenceIndex::close);
        if (alerts.isPresent()) {
          alerts.get().close();
        }
      }
    } catch (IOException e) {
      throw new DaemonException(e.getMessage(), false, e);
    } finally {
      pool.shutdownNow();
      watchdog.shutdownNow();
    }
  }

  /** This node's id: Quartz's instance id in a cluster, else the host name. */
  public String nodeId() {
    return runner.node();
  }

  public Metrics metrics() {
    return metrics;
  }

  /** Where {@code /healthz} and {@code /metrics} listen (the actual port when 0 was asked). */
  public Optional<InetSocketAddress> httpAddress() {
    return http.map(HealthServer::address);
  }

  /** This node's run journal. */
  public Path journal() {
    return runner.journal().file();
  }

  /** Empty when healthy, else why not. */
  String health() {
    try {
      if (scheduler.isShutdown()) {
        return "shut down";
      }
      if (stopping.get()) {
        return "stopping";
      }
      if (scheduler.isInStandbyMode()) {
        return "standby";
      }
      return "";
    } catch (SchedulerException e) {
      return "scheduler error: " + e.getMessage();
    }
  }

  /** Blocks until the daemon has stopped. */
  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops gracefully: no new fires on this node, running scans get up to {@code
   * daemon.shutdown-timeout} to finish, then are interrupted. Idempotent; returns when stopped.
   */
  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    try {
      scheduler.standby();
      Duration limit = config.daemon().shutdownTimeout();
      long deadline = System.nanoTime() + limit.toNanos();
      List<JobExecutionContext> running = scheduler.getCurrentlyExecutingJobs();
      if (!running.isEmpty()) {
        LOG.info(
            "stopping: waiting up to {} s for {} running scan(s)",
            limit.toSeconds(),
            running.size());
      }
      while (!running.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
        running = scheduler.getCurrentlyExecutingJobs();
      }
      for (JobExecutionContext c : running) {
        LOG.warn(
            "stopping: interrupting the scan of {} still running after {} s",
            c.getJobDetail().getKey().getName(),
            limit.toSeconds());
        scheduler.interrupt(c.getFireInstanceId());
      }
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      LOG.warn("stopping: {}", e.getMessage());
      shutdownQuietly(scheduler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shutdownQuietly(scheduler);
    } finally {
      maintenance.shutdownNow();
      state.ifPresent(ScheduleState::flush);
      runner.refreshIndex();
      http.ifPresent(HealthServer::close);
      if (alerts.isPresent()) {
        try {
          alerts.get().close();
        } catch (IOException e) {
          LOG.warn("closing the alert sinks: {}", e.getMessage());
        }
      }
      index.ifPresent(EvidenceIndex::close);
      try {
        runner.journal().close();
      } catch (IOException e) {
        LOG.warn("closing the run journal: {}", e.getMessage());
      }
      Thread h = hook;
      if (h != null && Thread.currentThread() != h) {
        try {
          Runtime.getRuntime().removeShutdownHook(h);
        } catch (IllegalStateException e) {
          // the JVM is already shutting down
        }
      }
      LOG.info("vigil daemon {} stopped", runner.node());
      stopped.countDown();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void prune() {
    try {
      RetentionPolicy policy =
          new RetentionPolicy(
              config.retention().keepRuns(),
              config.retention().keepDays().isPresent()
                  ? Optional.of(Duration.ofDays(config.retention().keepDays().getAsInt()))
                  : Optional.empty());
      List<String> deleted =
          new EvidenceArchive(config.outputs().archive()).prune(policy, Instant.now());
      if (!deleted.isEmpty()) {
        LOG.info("retention: deleted {} old run(s)", deleted.size());
      }
    } catch (NoSuchFileException e) {
      // another node pruned the same run first
    } catch (IOException | RuntimeException e) {
      LOG.warn("retention: {}", e.getMessage());
    }
  }

  // ---- set-up ----

  static Properties quartzProperties(Config config) {
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.scheduler.jobFactory.class", "org.quartz.simpl.SimpleJobFactory");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(config.daemon().threads()));
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "vigil-scan");
    // hand out as many due fires per acquisition as there are threads: 1,000 targets on one
    // schedule are then fired in batches, not one scheduler round trip each
    p.setProperty(
        "org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
        String.valueOf(config.daemon().threads()));
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
    p.setProperty(
        "org.quartz.jobStore.misfireThreshold",
        String.valueOf(config.daemon().misfireThreshold().toMillis()));
    if (config.cluster().isEmpty()) {
      // a unique name: several in-memory daemons may live in one JVM (tests, benchmarks)
      p.setProperty("org.quartz.scheduler.instanceName", "vigil-" + UUID.randomUUID());
      p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
      return p;
    }
    Cluster c = config.cluster().get();
    // every node of a cluster shares the scheduler name: it keys the rows in the qrtz_* tables
    p.setProperty("org.quartz.scheduler.instanceName", "vigil");
    p.setProperty("org.quartz.scheduler.instanceId", c.instanceId());
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    p.setProperty("org.quartz.jobStore.useProperties", "true");
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    p.setProperty(
        "org.quartz.jobStore.clusterCheckinInterval",
        String.valueOf(c.checkinInterval().toMillis()));
    p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    p.setProperty("org.quartz.jobStore.dataSource", "vigil");
    p.setProperty("org.quartz.dataSource.vigil.provider", "hikaricp");
    p.setProperty("org.quartz.dataSource.vigil.driver", "org.postgresql.Driver");
    p.setProperty("org.quartz.dataSource.vigil.URL", c.jdbcUrl());
    p.setProperty("org.quartz.dataSource.vigil.user", c.user());
    p.setProperty(
        "org.quartz.dataSource.vigil.maxConnections",
        String.valueOf(config.daemon().threads() + 3));
    return p;
  }

  private static void prepareDatabase(Cluster c, Properties props) throws DaemonException {
    String password = password(c);
    props.setProperty("org.quartz.dataSource.vigil.password", password);
    Properties creds = new Properties();
    creds.setProperty("user", c.user());
    creds.setProperty("password", password);
    try (Connection conn = DriverManager.getConnection(c.jdbcUrl(), creds)) {
      QuartzSchema.ensure(conn);
    } catch (SQLException e) {
      throw new DaemonException(
          "cannot prepare the cluster database " + c.jdbcUrl() + ": " + e.getMessage(), false, e);
    } catch (IOException e) {
      throw new DaemonException(e.getMessage(), false, e);
    }
  }

  private static String password(Cluster c) throws DaemonException {
    if (c.passwordFile().isPresent()) {
      Path f = c.passwordFile().get();
      try {
        return Files.readString(f, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new DaemonException("cannot read the database password file " + f, true, e);
      }
    }
    if (c.passwordEnv().isPresent()) {
      String v = System.getenv(c.passwordEnv().get());
      if (v == null) {
        throw new DaemonException(
            "environment variable " + c.passwordEnv().get() + " (database password) is not set",
            true,
            null);
      }
      return v;
    }
    return "";
  }

  private static Optional<AlertPipeline> alerts(Config config) throws DaemonException {
    List<AlertSinkConfig> sinks = config.outputs().alertSinks();
    if (sinks.isEmpty()) {
      return Optional.empty();
    }
    AlertPipeline.Builder b = AlertPipeline.builder().stateDirectory(config.outputs().alertState());
    int i = 0;
    try {
      for (AlertSinkConfig s : sinks) {
        i++;
        AlertFormat format = AlertFormat.parse(s.format());
        if (s instanceof Webhook w) {
          WebhookSecret secret;
          if (w.secretFile().isPresent()) {
            secret = WebhookSecret.fromFile(w.secretFile().get());
          } else if (w.secretEnv().isPresent()) {
            secret = WebhookSecret.fromEnv(w.secretEnv().get());
          } else {
            throw new DaemonException("webhook " + w.url() + " has no secret", true, null);
          }
          Path outbox = config.outputs().alertState().resolve("outbox").resolve("webhook-" + i);
          b.sink(WebhookSink.builder(w.url(), secret, outbox).format(format).open());
        } else if (s instanceof JsonLinesFile f) {
          b.sink(new JsonLinesSink(f.path(), format));
        }
      }
      return Optional.of(b.build());
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      throw new DaemonException("alert sink " + i + ": " + e.getMessage(), true, e);
    }
  }

  /** The Elasticsearch output, if configured; its spool lives under the archive, per node. */
  private static Optional<EvidenceIndex> index(Config config, String node) throws DaemonException {
    if (config.outputs().elasticsearch().isEmpty()) {
      return Optional.empty();
    }
    Elasticsearch es = config.outputs().elasticsearch().get();
    try {
      IndexConfig ic = IndexConfig.of(es.urls().toArray(URI[]::new));
      if (es.apiKeyFile().isPresent()) {
        ic = ic.withCredentials(new Credentials.ApiKey(SecretSource.file(es.apiKeyFile().get())));
      } else if (es.apiKeyEnv().isPresent()) {
        ic = ic.withCredentials(new Credentials.ApiKey(SecretSource.env(es.apiKeyEnv().get())));
      }
      if (es.caFile().isPresent()) {
        ic = ic.withCaFile(es.caFile().get());
      }
      Path spool =
          config
              .outputs()
              .archive()
              .resolve(".vigil")
              .resolve("es-spool")
              .resolve(node.replaceAll("[^A-Za-z0-9._-]", "_"));
      return Optional.of(EvidenceIndex.open(ic, spool));
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new DaemonException("elasticsearch: " + e.getMessage(), true, e);
    }
  }

  private static Journal openJournal(Config config, String node) throws DaemonException {
    Path file =
        config
            .outputs()
            .archive()
            .resolve(".vigil")
            .resolve("journal-" + node.replaceAll("[^A-Za-z0-9._-]", "_") + ".jsonl");
    try {
      return new Journal(file);
    } catch (IOException e) {
      throw new DaemonException("cannot write the run journal " + file + ": " + e, true, e);
    }
  }

  private static String nodeId(Scheduler scheduler, boolean clustered) throws DaemonException {
    if (!clustered) {
      return hostName();
    }
    try {
      return scheduler.getSchedulerInstanceId();
    } catch (SchedulerException e) {
      throw new DaemonException(e.getMessage(), false, e);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  static String triggerName(String target, String group) {
    return target + "@" + group;
  }

  static String schedule(GroupConfig g) {
    return g.cron() + "|" + g.timeZone().getId();
  }

  /**
   * Makes the scheduler's jobs and triggers match the configuration. A trigger whose schedule did
   * not change is kept as it is, so a JDBC store still knows its next fire (and sees a misfire
   * after downtime). Concurrent nodes may race here: what another node created first is fine.
   */
  private static void reconcile(
      Scheduler scheduler, Config config, Optional<ScheduleState> state, boolean clustered)
      throws SchedulerException {
    Set<JobKey> wanted = new HashSet<>();
    Set<String> wantedTriggers = new HashSet<>();
    for (TargetConfig t : config.targets()) {
      JobKey key = JobKey.jobKey(t.name(), JOB_GROUP);
      wanted.add(key);
      JobDetail job =
          JobBuilder.newJob(ScanJob.class)
              .withIdentity(key)
              .withDescription(t.target().location())
              .storeDurably()
              .requestRecovery()
              .build();
      scheduler.addJob(job, true);
      Set<TriggerKey> keep = new HashSet<>();
      for (String groupName : t.groups()) {
        GroupConfig g = config.groups().get(groupName);
        TriggerKey tk = TriggerKey.triggerKey(triggerName(t.name(), groupName), JOB_GROUP);
        keep.add(tk);
        wantedTriggers.add(tk.getName());
        Trigger existing = scheduler.getTrigger(tk);
        if (existing instanceof CronTrigger ct
            && ct.getCronExpression().equals(g.cron())
            && ct.getTimeZone().getID().equals(g.timeZone().getId())
            && groupName.equals(ct.getJobDataMap().getString(ScanJob.GROUP_KEY))) {
          continue;
        }
        TriggerBuilder<CronTrigger> tb =
            TriggerBuilder.newTrigger()
                .withIdentity(tk)
                .forJob(key)
                .usingJobData(ScanJob.GROUP_KEY, groupName)
                .withSchedule(
                    CronScheduleBuilder.cronSchedule(g.cron())
                        .inTimeZone(TimeZone.getTimeZone(g.timeZone()))
                        .withMisfireHandlingInstructionFireAndProceed());
        Optional<Instant> last = state.flatMap(s -> s.lastFire(tk.getName(), schedule(g)));
        if (last.isPresent()) {
          // start right after the last fire: a fire missed during downtime becomes a misfire
          tb.startAt(Date.from(last.get().plusSeconds(1)));
        }
        CronTrigger trigger = tb.build();
        try {
          if (existing == null) {
            scheduler.scheduleJob(trigger);
          } else {
            scheduler.rescheduleJob(tk, trigger);
          }
        } catch (ObjectAlreadyExistsException e) {
          if (!clustered) {
            throw e;
          }
        }
      }
      for (Trigger tr : scheduler.getTriggersOfJob(key)) {
        if (tr.getKey().getGroup().equals(JOB_GROUP) && !keep.contains(tr.getKey())) {
          scheduler.unscheduleJob(tr.getKey());
        }
      }
    }
    for (JobKey existing : scheduler.getJobKeys(GroupMatcher.jobGroupEquals(JOB_GROUP))) {
      if (!wanted.contains(existing)) {
        LOG.info("{}: no longer in the configuration; its schedule is removed", existing.getName());
        scheduler.deleteJob(existing);
      }
    }
    state.ifPresent(s -> s.retain(wantedTriggers));
  }

  private static void shutdownQuietly(Scheduler scheduler) {
    try {
      scheduler.shutdown(false);
    } catch (SchedulerException e) {
      LOG.debug("shutdown: {}", e.getMessage());
    }
  }

  private static String hostPort(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }

  /** Counts and journals misfires; remembers fires for the in-memory store. */
  private static final class Listener extends TriggerListenerSupport {
    private final Metrics metrics;
    private final Journal journal;
    private final String node;
    private final Optional<ScheduleState> state;

    Listener(Metrics metrics, Journal journal, String node, Optional<ScheduleState> state) {
      this.metrics = metrics;
      this.journal = journal;
      this.node = node;
      this.state = state;
    }

    @Override
    public String getName() {
      return "vigil";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
      metrics.misfired();
      Date missed = trigger.getNextFireTime();
      String group = trigger.getJobDataMap().getString(ScanJob.GROUP_KEY);
      LOG.warn(
          "{}: missed the fire of {} ({}); running it once now",
          trigger.getJobKey().getName(),
          missed,
          group);
      journal.append(
          new RunRecord(
              "misfired",
              trigger.getJobKey().getName(),
              group == null ? "" : group,
              missed == null ? Instant.now() : missed.toInstant(),
              Instant.now(),
              node,
              false,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              java.util.Map.of()));
    }

    @Override
    public void triggerFired(Trigger trigger, JobExecutionContext context) {
      if (state.isPresent() && trigger instanceof CronTrigger ct) {
        String schedule = ct.getCronExpression() + "|" + ct.getTimeZone().getID();
        state.get().fired(trigger.getKey().getName(), schedule, ScanJob.scheduledFireTime(context));
      }
    }
  }
}
