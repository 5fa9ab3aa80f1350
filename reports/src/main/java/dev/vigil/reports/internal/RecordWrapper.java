package dev.vigil.reports.internal;

import freemarker.ext.beans.BeanModel;
import freemarker.ext.beans.ZeroArgumentNonVoidMethodPolicy;
import freemarker.template.DefaultObjectWrapper;
import freemarker.template.TemplateHashModel;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.Version;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.Map;

/**
 * Exposes the components of Java records to templates as properties ({@code f.title}), other
 * methods as methods ({@code f.statusClass()}). FreeMarker's own record support lives in a
 * multi-release class that is lost when a fat jar drops the {@code Multi-Release} manifest
 * attribute; this wrapper works the same in every packaging.
 */
public final class RecordWrapper extends DefaultObjectWrapper {
  private static final ClassValue<Map<String, Method>> COMPONENTS =
      new ClassValue<>() {
        @Override
        protected Map<String, Method> computeValue(Class<?> type) {
          Map<String, Method> out = new HashMap<>();
          for (RecordComponent c : type.getRecordComponents()) {
            out.put(c.getName(), c.getAccessor());
          }
          return out;
        }
      };

  public RecordWrapper(Version version) {
    super(version);
    // Components come from this wrapper; every other method stays a method, in every packaging.
    setRecordZeroArgumentNonVoidMethodPolicy(ZeroArgumentNonVoidMethodPolicy.METHOD_ONLY);
  }

  @Override
  protected TemplateModel handleUnknownType(Object obj) throws TemplateModelException {
    if (obj.getClass().isRecord()) {
      return new RecordModel(obj, this);
    }
    return super.handleUnknownType(obj);
  }

  private static final class RecordModel extends BeanModel implements TemplateHashModel {
    private final Object record;
    private final RecordWrapper wrapper;

    RecordModel(Object record, RecordWrapper wrapper) {
      super(record, wrapper);
      this.record = record;
      this.wrapper = wrapper;
    }

    @Override
    public TemplateModel get(String key) throws TemplateModelException {
      Method accessor = COMPONENTS.get(record.getClass()).get(key);
      if (accessor == null) {
        return super.get(key);
      }
      try {
        return wrapper.wrap(accessor.invoke(record));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new TemplateModelException("cannot read " + key + " of " + record.getClass(), e);
      }
    }
  }
}
