package dev.vigil.collectors.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilePermissionsCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new FilePermissionsCollector();
  }

  @Test
  void shadowModeAndOwnerNamesComeFromTheTarget() throws Exception {
    Map<String, Object> files = map(ok(snapshot("hardened"), "host.file_permissions").get("files"));
    Map<String, Object> shadow = map(files.get("/etc/shadow"));
    assertEquals("0640", shadow.get("mode_octal"));
    assertEquals("file", shadow.get("type"));
    assertEquals(false, map(files.get("/etc/gshadow-")).get("exists"));
    assertEquals("directory", map(files.get("/tmp")).get("type"));
    assertEquals(01777L, map(files.get("/tmp")).get("mode"));
  }

  @Test
  void weakRootHasAWorldReadableShadow() throws Exception {
    Map<String, Object> files = map(ok(snapshot("weak"), "host.file_permissions").get("files"));
    assertEquals("0644", map(files.get("/etc/shadow")).get("mode_octal"));
  }
}
