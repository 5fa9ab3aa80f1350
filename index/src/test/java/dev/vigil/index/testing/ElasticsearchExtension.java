package dev.vigil.index.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves an {@link ElasticsearchNode} parameter with one node shared by the whole test run,
 * started on first use and stopped when the run ends. Without a distribution the tests fail when
 * {@code CI=true} and are skipped otherwise.
 */
public final class ElasticsearchExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(ElasticsearchExtension.class);

  /** Holds the shared node in the root store, which closes it at the end of the run. */
  private static final class Shared implements AutoCloseable {
    final ElasticsearchNode node;

    Shared(ElasticsearchNode node) {
      this.node = node;
    }

    @Override
    public void close() {
      node.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == ElasticsearchNode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return e.getRoot()
        .getStore(NS)
        .getOrComputeIfAbsent("node", k -> new Shared(startOrSkip()), Shared.class)
        .node;
  }

  /** Starts a node, or fails (CI) or skips (elsewhere) with the reason. */
  public static ElasticsearchNode startOrSkip() {
    try {
      return ElasticsearchNode.start();
    } catch (Exception ex) {
      if ("true".equals(System.getenv("CI"))) {
        throw new ParameterResolutionException(
            "CI=true and no Elasticsearch node could be started: " + ex.getMessage(), ex);
      }
      Assumptions.abort("no Elasticsearch node could be started, skipping: " + ex.getMessage());
      throw new AssertionError("unreachable");
    }
  }
}
