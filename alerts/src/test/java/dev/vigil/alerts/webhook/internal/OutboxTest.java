package dev.vigil.alerts.webhook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxTest {
  @TempDir Path dir;

  private static List<Outbox.Entry> entries(String prefix, int n) {
    List<Outbox.Entry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Outbox.Entry(prefix + i, "web01", "new", "{\"n\":" + i + ",\"s\":\"a\\nb\"}"));
    }
    return out;
  }

  private static List<String> drain(Outbox box) throws IOException {
    List<String> keys = new ArrayList<>();
    while (box.peek().isPresent()) {
      keys.add(box.peek().get().key());
      box.ack();
    }
    return keys;
  }

  private List<String> files() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString())
          .filter(n -> !n.equals(".lock"))
          .sorted()
          .toList();
    }
  }

  @Test
  void entriesComeOutInAppendOrderAcrossSegmentsAndReopen() throws IOException {
    try (Outbox box = Outbox.open(dir)) {
      box.append(entries("a", 3));
      box.append(entries("b", 2));
      assertEquals(5, box.pending());
      box.peek();
      box.ack();
    }
    try (Outbox box = Outbox.open(dir)) {
      assertEquals(4, box.pending());
      box.append(entries("c", 1));
      assertEquals(List.of("a1", "a2", "b0", "b1", "c0"), drain(box));
      assertEquals(0, box.pending());
    }
    assertEquals(List.of(), files(), "delivered segments are deleted");
  }

  @Test
  void bodyComesBackByteForByte() throws IOException {
    try (Outbox box = Outbox.open(dir)) {
      box.append(entries("a", 1));
    }
    try (Outbox box = Outbox.open(dir)) {
      assertEquals("{\"n\":0,\"s\":\"a\\nb\"}", box.peek().orElseThrow().body());
    }
  }

  @Test
  void openCleansUpInterruptedAppendsAndFinishedSegments() throws IOException {
    try (Outbox box = Outbox.open(dir)) {
      box.append(entries("a", 2));
    }
    Files.writeString(dir.resolve("segment-00000000000000000009.jsonl.tmp"), "{\"key\":");
    Files.writeString(dir.resolve("segment-00000000000000000001.acked"), "a0\na1\n");
    Files.writeString(dir.resolve("segment-00000000000000000007.acked"), "orphan\n");
    try (Outbox box = Outbox.open(dir)) {
      assertEquals(0, box.pending());
      assertFalse(box.peek().isPresent());
    }
    assertEquals(List.of(), files());
  }

  @Test
  void tornAcknowledgementLineDoesNotCount() throws IOException {
    try (Outbox box = Outbox.open(dir)) {
      box.append(entries("a", 3));
    }
    Files.writeString(dir.resolve("segment-00000000000000000001.acked"), "a0\na1");
    try (Outbox box = Outbox.open(dir)) {
      assertEquals(List.of("a1", "a2"), drain(box), "at least once: a1 again");
    }
  }

  @Test
  void unreadableSegmentIsSetAsideAndTheRestStillFlows() throws IOException {
    try (Outbox box = Outbox.open(dir)) {
      box.append(entries("a", 1));
      box.append(entries("b", 1));
    }
    Files.writeString(dir.resolve("segment-00000000000000000001.jsonl"), "not json\n");
    try (Outbox box = Outbox.open(dir)) {
      assertEquals(List.of("b0"), drain(box));
    }
    assertTrue(files().contains("segment-00000000000000000001.jsonl.corrupt"));
  }

  @Test
  void secondOutboxOnTheSameDirectoryIsRefused() throws IOException {
    try (Outbox box = Outbox.open(dir)) {
      assertThrows(IllegalStateException.class, () -> Outbox.open(dir));
      assertEquals(0, box.pending());
    }
    Outbox.open(dir).close();
  }

  @Test
  void rejectedEntryGoesToTheDeadLetterFile() throws IOException {
    try (Outbox box = Outbox.open(dir)) {
      box.append(entries("a", 2));
      box.peek();
      box.reject("HTTP 422");
      assertEquals(List.of("a1"), drain(box));
    }
    List<String> dead = Files.readAllLines(dir.resolve(Outbox.DEAD_LETTER));
    assertEquals(1, dead.size());
    assertTrue(dead.get(0).contains("\"key\":\"a0\"") && dead.get(0).contains("HTTP 422"));
  }
}
