package dev.vigil.alerts;

import dev.vigil.alerts.format.AlertFormat;
import dev.vigil.alerts.sink.AlertSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class DocumentSinkContractTest extends AlertSinkContract {
  private final List<Map<String, Object>> index = new ArrayList<>();

  @Override
  protected AlertSink newSink() {
    return AlertSink.documents("elasticsearch", AlertFormat.OCSF, index::addAll);
  }

  @Override
  protected List<String> receivedKeys() {
    return index.stream().map(d -> (String) ((Map<?, ?>) d.get("metadata")).get("uid")).toList();
  }
}
