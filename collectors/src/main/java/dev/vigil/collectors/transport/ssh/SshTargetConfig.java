package dev.vigil.collectors.transport.ssh;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach and log in to one SSH target. Secrets are never held here, only the files they are
 * read from (a key's passphrase, a password), so a config can be logged and compared freely.
 *
 * @param host host name or address, as the known_hosts file names it
 * @param identityFile a private key file (OpenSSH, PEM or PuTTY format)
 * @param passphraseFile the file holding the identity's passphrase (first line)
 * @param agent authenticate with the keys of an ssh-agent
 * @param agentSocket the agent's socket; empty for {@code SSH_AUTH_SOCK}
 * @param passwordFile the file holding the password (first line); passwords never come from
 *     arguments
 * @param knownHosts the known_hosts file the host key is verified against
 * @param acceptNew record a first-seen host key in {@code knownHosts} instead of failing; a changed
 *     key still fails
 * @param connectTimeout TCP connect, key exchange and authentication together
 * @param commandTimeout the time limit of one remote command (a read batch, a listing)
 * @param scanTimeout the time limit of the whole scan of this host (enforced by {@link SshFleet})
 * @param maxOutputBytes the most bytes one remote command may send before it is cut off
 * @param sudo run reads and commands through {@code sudo -n}; when sudo would prompt, reads fall
 *     back to the login user and report what that user cannot read as access denied, naming sudo
 * @param jump a bastion the connection is tunnelled through ({@code ssh -J})
 */
public record SshTargetConfig(
    String host,
    int port,
    String user,
    Optional<Path> identityFile,
    Optional<Path> passphraseFile,
    boolean agent,
    Optional<Path> agentSocket,
    Optional<Path> passwordFile,
    Path knownHosts,
    boolean acceptNew,
    Duration connectTimeout,
    Duration commandTimeout,
    Duration scanTimeout,
    long maxOutputBytes,
    boolean sudo,
    Optional<SshTargetConfig> jump) {

  public static final int DEFAULT_PORT = 22;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);
  public static final Duration DEFAULT_SCAN_TIMEOUT = Duration.ofMinutes(5);
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 64L * 1024 * 1024;

  public SshTargetConfig {
    requireNonNull(host, "host");
    requireNonNull(user, "user");
    requireNonNull(knownHosts, "knownHosts");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(commandTimeout, "commandTimeout");
    requireNonNull(scanTimeout, "scanTimeout");
    identityFile = identityFile == null ? Optional.empty() : identityFile;
    passphraseFile = passphraseFile == null ? Optional.empty() : passphraseFile;
    passwordFile = passwordFile == null ? Optional.empty() : passwordFile;
    agentSocket = agentSocket == null ? Optional.empty() : agentSocket;
    jump = jump == null ? Optional.empty() : jump;
    if (host.isBlank()) {
      throw new IllegalArgumentException("ssh host must not be blank");
    }
    if (user.isBlank()) {
      throw new IllegalArgumentException("ssh user must not be blank (host " + host + ")");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535: " + port);
    }
    positive("connectTimeout", connectTimeout);
    positive("commandTimeout", commandTimeout);
    positive("scanTimeout", scanTimeout);
    if (maxOutputBytes <= 0) {
      throw new IllegalArgumentException("maxOutputBytes must be positive: " + maxOutputBytes);
    }
    if (passphraseFile.isPresent() && identityFile.isEmpty()) {
      throw new IllegalArgumentException(
          "a passphrase file needs an identity file (host " + host + ")");
    }
    if (identityFile.isEmpty() && !agent && passwordFile.isEmpty()) {
      throw new IllegalArgumentException(
          "no SSH credentials for "
              + user
              + "@"
              + host
              + ": give an identity file, agent authentication or a password file");
    }
  }

  private static void positive(String name, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  public static Builder builder(String host, String user) {
    return new Builder(host, user);
  }

  public Builder toBuilder() {
    Builder b = new Builder(host, user);
    b.port = port;
    b.identityFile = identityFile;
    b.passphraseFile = passphraseFile;
    b.agent = agent;
    b.agentSocket = agentSocket;
    b.passwordFile = passwordFile;
    b.knownHosts = knownHosts;
    b.acceptNew = acceptNew;
    b.connectTimeout = connectTimeout;
    b.commandTimeout = commandTimeout;
    b.scanTimeout = scanTimeout;
    b.maxOutputBytes = maxOutputBytes;
    b.sudo = sudo;
    b.jump = jump;
    return b;
  }

  /**
   * A builder for an {@code ssh://[user@]host[:port]} target, as {@code vigil scan --target} gives
   * it; the user defaults to {@code defaultUser}. Credentials and known_hosts are still to be set.
   */
  public static Builder fromTarget(dev.vigil.core.Target target, String defaultUser) {
    if (target.kind() != dev.vigil.core.TargetKind.SSH) {
      throw new IllegalArgumentException("not an ssh:// target: " + target.location());
    }
    java.net.URI uri = java.net.URI.create(target.location());
    String user = uri.getUserInfo() == null ? defaultUser : uri.getUserInfo();
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return builder(host, user).port(uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort());
  }

  /** {@code user@host:port}, the way errors and logs name the target. */
  public String address() {
    return user + "@" + host + ":" + port;
  }

  /** The default known_hosts file, {@code ~/.ssh/known_hosts}. */
  public static Path defaultKnownHosts() {
    return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
  }

  /** Builds a config; defaults: port 22, {@code ~/.ssh/known_hosts}, the DEFAULT_ timeouts. */
  public static final class Builder {
    private String host;
    private String user;
    private int port = DEFAULT_PORT;
    private Optional<Path> identityFile = Optional.empty();
    private Optional<Path> passphraseFile = Optional.empty();
    private boolean agent;
    private Optional<Path> agentSocket = Optional.empty();
    private Optional<Path> passwordFile = Optional.empty();
    private Path knownHosts = defaultKnownHosts();
    private boolean acceptNew;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
    private Duration scanTimeout = DEFAULT_SCAN_TIMEOUT;
    private long maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES;
    private boolean sudo;
    private Optional<SshTargetConfig> jump = Optional.empty();

    private Builder(String host, String user) {
      this.host = host;
      this.user = user;
    }

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder user(String value) {
      this.user = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder identityFile(Path value) {
      this.identityFile = Optional.ofNullable(value);
      return this;
    }

    public Builder passphraseFile(Path value) {
      this.passphraseFile = Optional.ofNullable(value);
      return this;
    }

    public Builder agent(boolean value) {
      this.agent = value;
      return this;
    }

    public Builder agentSocket(Path value) {
      this.agentSocket = Optional.ofNullable(value);
      return this;
    }

    public Builder passwordFile(Path value) {
      this.passwordFile = Optional.ofNullable(value);
      return this;
    }

    public Builder knownHosts(Path value) {
      this.knownHosts = value;
      return this;
    }

    public Builder acceptNew(boolean value) {
      this.acceptNew = value;
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    public Builder commandTimeout(Duration value) {
      this.commandTimeout = value;
      return this;
    }

    public Builder scanTimeout(Duration value) {
      this.scanTimeout = value;
      return this;
    }

    public Builder maxOutputBytes(long value) {
      this.maxOutputBytes = value;
      return this;
    }

    public Builder sudo(boolean value) {
      this.sudo = value;
      return this;
    }

    public Builder jump(SshTargetConfig value) {
      this.jump = Optional.ofNullable(value);
      return this;
    }

    public SshTargetConfig build() {
      return new SshTargetConfig(
          host,
          port,
          user,
          identityFile,
          passphraseFile,
          agent,
          agentSocket,
          passwordFile,
          knownHosts,
          acceptNew,
          connectTimeout,
          commandTimeout,
          scanTimeout,
          maxOutputBytes,
          sudo,
          jump);
    }
  }
}
