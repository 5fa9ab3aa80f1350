package dev.vigil.index;

import static java.util.Objects.requireNonNull;

/** How vigil authenticates to Elasticsearch. Secrets are referenced, never held. */
public sealed interface Credentials {

  /** An Elasticsearch API key, the base64 {@code id:key} form that Kibana shows as "encoded". */
  record ApiKey(SecretSource key) implements Credentials {
    public ApiKey {
      requireNonNull(key, "key");
    }
  }

  /** HTTP basic authentication with a user name and a password read from a secret source. */
  record Basic(String user, SecretSource password) implements Credentials {
    public Basic {
      requireNonNull(user, "user");
      requireNonNull(password, "password");
      if (user.isBlank()) {
        throw new IllegalArgumentException("user must not be blank");
      }
    }
  }
}
