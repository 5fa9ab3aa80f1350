package dev.vigil.alerts.change;

import static dev.vigil.alerts.Fixtures.emptyPassword;
import static dev.vigil.alerts.Fixtures.rootLogin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.alerts.Fixtures;
import dev.vigil.core.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  @TempDir Path dir;

  private static TargetState stateAfter(String target) {
    return new ChangeDetector()
        .detect(
            Fixtures.run(
                0,
                List.of(rootLogin(target, Status.FAIL), emptyPassword(target, "bob", Status.PASS))),
            t -> Optional.empty())
        .states()
        .get(0);
  }

  @Test
  void savedStateLoadsBackEqual() throws IOException {
    StateStore store = new StateStore(dir);
    TargetState state = stateAfter("web01");
    store.save(state);
    assertEquals(Optional.of(state), store.load("web01"));
    assertEquals(Optional.empty(), store.load("db01"));
  }

  @Test
  void saveLeavesNoTemporaryFileBehind() throws IOException {
    StateStore store = new StateStore(dir);
    store.save(stateAfter("web01"));
    store.save(stateAfter("web01"));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(store.fileOf("web01")), files.toList());
    }
  }

  @Test
  void targetsWithSimilarNamesGetDifferentFiles() throws IOException {
    StateStore store = new StateStore(dir);
    assertNotEquals(store.fileOf("ssh://a/b"), store.fileOf("ssh://a_b"));
    assertTrue(store.fileOf("root:/mnt/img").getFileName().toString().startsWith("root__mnt_img-"));
  }

  @Test
  void unreadableStateIsMovedAsideAndCountsAsNone() throws IOException {
    StateStore store = new StateStore(dir);
    Files.writeString(store.fileOf("web01"), "{\"version\":1,\"target\":");
    assertEquals(Optional.empty(), store.load("web01"));
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(
          files.anyMatch(p -> p.getFileName().toString().contains(".corrupt-")),
          "kept for inspection");
    }
  }

  @Test
  void stateOfAnotherTargetIsNotUsed() throws IOException {
    StateStore store = new StateStore(dir);
    store.save(stateAfter("web01"));
    Files.move(store.fileOf("web01"), store.fileOf("db01"));
    assertEquals(Optional.empty(), store.load("db01"));
  }

  @Test
  void stateFileIsReadableJsonWithControlRollup() throws IOException {
    StateStore store = new StateStore(dir);
    store.save(stateAfter("web01"));
    String text = Files.readString(store.fileOf("web01"));
    assertTrue(text.contains("\"AC-6(2)\":\"other-than-satisfied\""), text);
    assertTrue(text.contains("\"state\":\"open\""), text);
  }
}
