package dev.vigil.scheduler.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Quartz's tables in PostgreSQL when they are missing, from the DDL that ships inside the
 * Quartz jar. Nodes that start together serialise on a transaction-scoped advisory lock, so exactly
 * one creates the tables and the others find them.
 */
final class QuartzSchema {
  private static final Logger LOG = LoggerFactory.getLogger(QuartzSchema.class);
  private static final String DDL = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";
  private static final long LOCK = 0x76696769_6c51727aL; // "vigilQrz"

  private QuartzSchema() {}

  /** Returns true when this call created the tables. */
  static boolean ensure(Connection c) throws SQLException, IOException {
    boolean auto = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement st = c.createStatement()) {
      st.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
      if (exists(st)) {
        c.commit();
        return false;
      }
      for (String sql : statements()) {
        st.execute(sql);
      }
      c.commit();
      LOG.info("created the Quartz tables (qrtz_*)");
      return true;
    } catch (SQLException | IOException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(auto);
    }
  }

  private static boolean exists(Statement st) throws SQLException {
    try (ResultSet rs = st.executeQuery("SELECT to_regclass('qrtz_locks') IS NOT NULL")) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /** The CREATE statements of the shipped DDL (its DROPs and COMMIT left out). */
  static List<String> statements() throws IOException {
    String text;
    try (InputStream in = QuartzSchema.class.getClassLoader().getResourceAsStream(DDL)) {
      if (in == null) {
        throw new IOException("the Quartz jar has no " + DDL);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    StringBuilder clean = new StringBuilder();
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (!l.startsWith("--")) {
        clean.append(line).append('\n');
      }
    }
    List<String> out = new ArrayList<>();
    for (String s : clean.toString().split(";")) {
      String sql = s.strip();
      String upper = sql.toUpperCase(java.util.Locale.ROOT);
      if (sql.isEmpty() || upper.startsWith("DROP ") || upper.equals("COMMIT")) {
        continue;
      }
      out.add(sql);
    }
    return out;
  }
}
