package dev.vigil.collectors.certificates.internal;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * One decoded PEM block.
 *
 * @param type the label of the BEGIN line ({@code CERTIFICATE})
 * @param headers RFC 1421 headers ({@code Proc-Type}, {@code DEK-Info}) of legacy encrypted keys
 * @param der the decoded body
 * @param line the 1-based line of the BEGIN line
 */
public record PemBlock(String type, Map<String, String> headers, byte[] der, int line) {
  public PemBlock {
    requireNonNull(type, "type");
    headers = Map.copyOf(headers);
    requireNonNull(der, "der");
  }
}
