package dev.vigil.collectors.certificates.internal;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The BouncyCastle provider, used by instance and never registered globally, so the scanning JVM's
 * provider list and algorithm policy stay as they are. BouncyCastle verifies signatures the JDK
 * policy refuses (SHA-1, MD5, 1024-bit RSA), which a scanner must still be able to judge.
 */
public final class Bc {
  public static final Provider PROVIDER = new BouncyCastleProvider();

  private Bc() {}
}
