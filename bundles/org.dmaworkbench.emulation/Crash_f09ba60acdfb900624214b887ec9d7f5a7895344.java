import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_f09ba60acdfb900624214b887ec9d7f5a7895344 {
    static final String base64Bytes = String.join("", "IyB0cmFjZXI6IG5vcAojCiMgZW50cmllcy1pbi1idWZmZXIvZW50cmllcy13cml0dGVuOiAxNy8xNyAgICNQOjIKIwojICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICBfLS0tLS09PiBpcnFzLW9mZi9CSC1kaXNhYmxlZAojICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIC8gXy0tLS09PiBuZWVkLXJlc2NoZWQKIyAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIHwgLyBfLS0tPT4gaGFyZGlycS9zb2Z0aXJxCv/////+8AAAICAgICAgICAgICAgICAgICAgICAgICB8fCAvIF8tLT0+IHByZWVtcHQtZGVwdGgKIyAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIHx8fCAvIF8tPT4gbWlncmF0ZS1kaXNhYmxlCiMgICAgICAgICAgICAgICAgICAgICAgICAgICAgICB8fHx8IC8gICAgIGRlbGF5CiMgICAgICAgICAgIFRBU0stUElEICAgICBDUFUjICB8fHx8fCAgVElNRVNUQU1QICBGVU5DVElPTgojICAgICAgICAgICAgICB8IHwgICAgICAgICB8ICAgfHx8fHwgICAgIHwgICAgICAgICB8CiAgICAgICAgICAgIGJhc2gtMzAxICAgICBbMDAxXSAuLi4uLiAgIDExMi4wMDAxMDA6IHNjaGVkX3N3aXRjaDogcHJldl9jb21tPWJhc2ggcHJldl9waWQ9MzAxIHByZXZfcHJpbz0xMjAgcHJldl9zdGF0ZT1TID09PiBuZXh0X2NvbW09c3dhcHBlci8xIG5leHRfcGlkPTAgbmV4dF9wcmlvPTEyMAogICAgIGt3b3JrZXIvMDoxLTIzICAgICAgWzAwMF0gLi4uLi4gICAxMTIuMDAwMjAwOiBkbWFfbWFwX3BhZ2U6IGU2ZTYwMDAwLnNlcmlhbCBkaXI9VE9fREVWSUNFIGRtYV9hZGRyPWZmZjAwMDAwIHNpemU9NDA5NiBwaHlzX2FkZHI9NDgwMDEwMDAgYXR0cnM9CiAgICAga3dvcmtlci8wOjEtMjMgICAgICBbMDAwXSBkLmgxLiAgIDExMi4wMDAzMDA6IGRhcF9wYWdlOiBlNmU2MDAwMC5zZXJpYWwgZGlyPVRPX0RFVklDRSBkbWFfYWRkcj1mZmYwMDAwMCBzaXplPTIwNDggYXR0cnM9CiAgICAga3dvcmtlci8wOjEtMjMgICAgICBbMDAwXSAuLi4uLiAgIDExMi4wMDA0MDA6IGRtYV91bm1hcF9wYWdlOiBlNmU2MDAwMC5zZXJpYWwgZGlyPVRPX0RFVklDRSBkbWFfYWRkcj1mZmY0MDAwMCBzaXplPTY0IGF0dHJzPQogaXJxLzM2LWU2NzAwMDAwLTg4ICAgICAgWzAwMV0gLi4uLi4gICAxMTIuMDAwNTAwOiBkbWFfbWFwX3Jlc291cmNlOiBlNjcwMDAwMC5kbWEtY29udHJvbGxlciBkaXI9QklESVJFQ1RJT05BTCBkbWFfYWRkcj1mZTAwMDAzMCBzaXplPTQgcGh5c19hZGRyPWU2ZTYwMDMwIGF0dHJzPVdFQUtfT1JERVJJTkd8U0tJUF9DUFVfU1lOQ3wweDQwMAogICBteSBhcHAgdGhyZWFkLTQxMiAgICAgWzAwMV0gLi4uLi4gICAxMTIuMDAwNjAwOiBkbWFfZmVuY2VfZW1pdDogZHJpdmVyPWRybV9zY2hlZCB0aW1lbGluZT1nZnggY29udGV4dD0yIHNlcW5vPTcKICBrd29ya2VyL3U0OjItNzcgICBbMDAwXSAgIDExMi4wMDA3MDA6IGRtYV9tYXBfc2c6IGVlMTAwMDAwW2RldmljZSBhZGRyZXNzPTB4Lm1tYyBkaXI9RlJPTV9ERVZJQ0UgbmVudHM9Mi8yIGVudHM9MS8xIGRtYV9hZGRycz17MHhmZmYxMDAwMH0gc2l6ZXM9ezB4MjAwMH0gcGh5c19hZGRycz17MHg0ODEwMDAwMCwweDQ4MTAxMDAwfSBhdHRycz0KICBrd29ya2VyL3U0OjItNzcgICBbMDAwXSAgIDExMi4wMDA4MDA6IGRtYV9zeW5jX3NnX2Zvcl9jcHU6IGVlMTAwMDAwLm1tYyBkaXI9VE9fREVWSUNFIGRtYV9hZGRycz17MHhmZmYxMDAwMCwweGZmZmZmZmZmZmZmZmZmZmZ9IHNpemVzPXsweDIwMDAsMHgwfQpDUFU6MSBbTE9TVCAzIEVWRU5UU10KICBrd29ya2VyL3U0OjItNzcgICBbMDAwXSAgIDExMi4wMDA5MDA6IGRtYV91bm1hcF9zZzogZWUxMDAwMDAubW1jIGRpcj1GUk9NX0RFVklDRSBwaHlzX2FkZHJzPXsweDQ4MTAwMDAwLDB4NDgxMDEwMDB9IGF0dHJzPQogICA0MCBmbGFncz0weDAwMDEKICAgICBrd29ya2VyLzA6MS0yMyAgICAgIFswMDBdIC4uLi4uICAgMTEyLjAwMTQwMDogZG1hX2FsbG9jOiBlNWU2MDAwMC5zZXJpYWwgZGlyPUJJRElSRUNUSU9OQUwgZG1hX2FkZHI9ZmZmODAwMDAgc2l6ZT04MTkyIHZpcnRfYWRkcj1mZmZmMDAwMDEyMzQwMDAwIGZsYWdzPUdGUF9LRVJORUwgYXR0cnM9CiAgICAga3dvcmtlci8wOjEtMjMgICAgICBbMDAwXSAuLi4uLiAgIDExMi4wMDE1MDA6IGRtYV9mcmVlOiBlNmU2MDAwMC5zZXJpYWwgZGlyPUJJRElSRUNUSU9OQUwgZG1hX2FkZHI9ZmZmODAwMDAgc2l6ZT04MTkyIHZpcnRfYWRkcj1fYWRkcj1mZmZmMDAwMDEyMzUwMDAwIGF0dHJzPQo=");

    public static void main(String[] args) throws Throwable {
        Crash_f09ba60acdfb900624214b887ec9d7f5a7895344.class.getClassLoader().setDefaultAssertionStatus(true);
        try {
            Method fuzzerInitialize = org.dmaworkbench.emulation.fuzz.FtraceFuzzTarget.class.getMethod("fuzzerInitialize");
            fuzzerInitialize.invoke(null);
        } catch (NoSuchMethodException ignored) {
            try {
                Method fuzzerInitialize = org.dmaworkbench.emulation.fuzz.FtraceFuzzTarget.class.getMethod("fuzzerInitialize", String[].class);
                fuzzerInitialize.invoke(null, (Object) args);
            } catch (NoSuchMethodException ignored1) {
            } catch (IllegalAccessException | InvocationTargetException e) {
                e.printStackTrace();
                System.exit(1);
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            e.printStackTrace();
            System.exit(1);
        }
        byte[] input = java.util.Base64.getDecoder().decode(base64Bytes);
        org.dmaworkbench.emulation.fuzz.FtraceFuzzTarget.fuzzerTestOneInput(input);
    }
}