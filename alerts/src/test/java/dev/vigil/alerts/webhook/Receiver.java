package dev.vigil.alerts.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * The receiving end of a webhook, as an alert pipeline would run it: verifies the signature over
 * the raw body, answers the scripted status codes first, then accepts (200) and records.
 */
final class Receiver extends Dispatcher {
  record Accepted(String key, String target, String action, byte[] body) {}

  private final WebhookSecret secret;
  private final Deque<Integer> script = new ArrayDeque<>();
  private final List<Accepted> accepted = new ArrayList<>();
  private int requests;
  private int badSignatures;
  private boolean down;

  Receiver(WebhookSecret secret) {
    this.secret = secret;
  }

  /** The next requests get these codes, in order, before the receiver accepts again. */
  synchronized Receiver thenAnswer(int... codes) {
    for (int c : codes) {
      script.add(c);
    }
    return this;
  }

  synchronized Receiver failingFor(int n) {
    for (int i = 0; i < n; i++) {
      script.add(503);
    }
    return this;
  }

  /** Back to accepting everything: no scripted failures, not down. */
  synchronized void recover() {
    script.clear();
    down = false;
  }

  /** While down, every request gets 503. */
  synchronized void down(boolean v) {
    down = v;
  }

  synchronized List<Accepted> accepted() {
    return List.copyOf(accepted);
  }

  synchronized int requests() {
    return requests;
  }

  synchronized int badSignatures() {
    return badSignatures;
  }

  /**
   * Every sent event was accepted exactly once (no duplicate key), and per target in the order
   * sent.
   */
  static void assertExactlyOnceInOrder(Receiver receiver, List<AlertEvent> sent) {
    List<Accepted> got = receiver.accepted();
    Map<String, Integer> perKey = new HashMap<>();
    got.forEach(a -> perKey.merge(a.key(), 1, Integer::sum));
    assertEquals(sent.size(), perKey.size(), "every event arrived");
    assertTrue(perKey.values().stream().allMatch(n -> n == 1), "once per key: " + perKey);
    assertEquals(
        keysByTarget(sent.stream().map(e -> new String[] {e.target(), e.key()})),
        keysByTarget(got.stream().map(a -> new String[] {a.target(), a.key()})),
        "in order per target");
  }

  private static Map<String, List<String>> keysByTarget(Stream<String[]> targetAndKey) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    targetAndKey.forEach(p -> out.computeIfAbsent(p[0], t -> new ArrayList<>()).add(p[1]));
    return out;
  }

  @Override
  public synchronized MockResponse dispatch(RecordedRequest request) {
    requests++;
    byte[] body = request.getBody().readByteArray();
    if (!secret.verify(body, request.getHeader(WebhookSecret.HEADER))) {
      badSignatures++;
      return new MockResponse().setResponseCode(401);
    }
    if (down) {
      return new MockResponse().setResponseCode(503);
    }
    Integer code = script.poll();
    if (code != null && code != 200) {
      MockResponse r = new MockResponse().setResponseCode(code);
      if (code == 429) {
        r.setHeader("Retry-After", "7");
      }
      return r;
    }
    try {
      JsonNode doc = Json.mapper().readTree(body);
      accepted.add(
          new Accepted(
              request.getHeader("Idempotency-Key"),
              doc.path("host")
                  .path("name")
                  .asText(doc.path("resources").path(0).path("hostname").asText()),
              request.getHeader("X-Vigil-Event"),
              body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new MockResponse().setResponseCode(200);
  }
}
