package io.asyncbolt.spring.boot.client;

import io.asyncbolt.client.Record;
import java.util.Map;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.core.convert.ConversionService;
import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Maps a record onto a Java record (by component name), a map, a JavaBean (by property name), or, for a
 * one-column result, any type the conversion service converts to.
 */
final class RecordMapper {

    private RecordMapper() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static <T> T map(Record record, Class<T> type, ConversionService conversionService) {
        if (type == Record.class) {
            return (T) record;
        }
        if (type.isRecord()) {
            return (T) record.as((Class) type);
        }
        if (record.keys().size() == 1 && conversionService.canConvert(
                record.get(0) == null ? Object.class : record.get(0).getClass(), type)) {
            return conversionService.convert(record.get(0), type);
        }
        if (Map.class.isAssignableFrom(type)) {
            return (T) record.asMap();
        }
        try {
            T instance = type.getDeclaredConstructor().newInstance();
            BeanWrapper bean = PropertyAccessorFactory.forBeanPropertyAccess(instance);
            bean.setConversionService(conversionService);
            record.asMap().forEach((k, v) -> {
                if (bean.isWritableProperty(k)) {
                    bean.setPropertyValue(k, v);
                }
            });
            return instance;
        } catch (ReflectiveOperationException e) {
            throw new InvalidDataAccessApiUsageException("Cannot map " + record.keys() + " onto " + type, e);
        }
    }
}
