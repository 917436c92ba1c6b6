import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

public class Crash_fc4aec5f2a7ae8e9af6becb09c8466fc08a568be {
    static final String base64Bytes = String.join("", "IyB0cmFjZXI6IG5vcAojCiMgZW50cmllcy1pbi1idWZmZXIvZW50cmllcy13cml0dGVuOiAxNy8xNyAgICNQOjIKIwojICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICBfLS0tLS09PiBpcnFzLW9mZi9CSC1kaXNhYmxlZAojICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIC8gXy0tLS09PiBuZWVkLXJlc2NoZWQKIyAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIHwgLyBfLS0tPT4gaGFyZGlycS9zb2Z0aXJxCiMgICAgICAgICAgICAgICAgICAgICAgICAgICAgICB8fCAvIF8tLT0+IHByZWVtcHQtZGVwdGgKIyAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIHx8fCAvIF8tPT4gbWlncmF0ZS1kaXNhYmxlCiMgSy1QSUQgICAgIENQVSMgIHx8fHx8ICBUSU1FU1RBTSBQIEZVTkNUSU9OCiMgICAgICAgICAgICAgIHwgfCAgICAgICAgIHwgICB8fHx8fCAgICAgfCAgICAgICAgIHwKICAgICAgICAgICAgYmFzaC0zMDEgICAgIFswMDFdIC4uLi4uICAgMTEyLjAwMDEwMDogc2NoZWRfc3dpdGNoOiBwcmV2X2NvbW09YmFzaCBwcmV2X3ABAACQMDEgcHJldl9wcmlvPTEyMCBwcmV2X3N0YXRlPVMgPT0+IG5leHRfY29tbT1zd2FwcGVyLzEgbmV4dF9waWQ9MCBuZXh0X3ByaW89MTIwCiAgICAga3dvcmtlci8wOjEtMjMgICAgICBbMDAwXSAuLi4uLiAgIDExMi4wMDAyMDA6IGRtYV9tYXBfcGFnZTogZTZlNjAwMDAuc2VyaWFsIGRpcj1UT19ERVZJQ0UgZG1hX2FkZHI9ZmZmMDAwMDAgc2l6ZT00MDk2IHBoeXNfYWRkcj00ODAwMTAwMCBhdHRycz0KICAgICBrd29ya2VyLzA6MS0yMyAgICAgIFswMDBdIGQuaDEuICAgMTEyLjAwMDMwMDogZG1hX4tubWFwX3BhZ2U6IGU2ZTYwMDAwLnNlcmlhbCBkaXI9VE9fREVWSUNFIGRtYV9hZGRyPWZmZjAwMDAwIHNpemU9MjA0OCBhdHRycz0KICAgICBrd29ya2VyLzA6MS0yMyAgICAgIFswMDBd////AQDw/wAAAAD///////////////////8gLi4uLi4gICAxMTIuMDAwNDAwOiBkbWFfdW5tYXBfcGFnZTogZTZlNjAwMDAuc2VySWFsIGRpcj1UT19ERVZJQ0UgZG1hX2FkZHI9ZmZmNDAwMDAgc2l6ZT02NCBhdHRycz0KIGlycS8zNi1lNjcwMDAwMC04OCAgICAgIFswMDFdIC4uLi4uICAgMTEyLjAwMDUwMDogZG1hX21hcF9yZXNvdXJjZTogZTY3MDAwMDAuZG1hLWNvbnRyb2xsZXIgZGlyPUJJRElSRUNUSU9OQUwgZG1hX2FkZHI9ZmUwMDAwMzAgc2l6ZT00IHBoeXNfYWRkcj1lNmU2MDAzMCBhdHRycz1XRUFLX09SRGNlX2VtaXQ6IGRyaXZlcj1kcm1fc2NoZWQgdGltZWxpbmU9Z2Z4IGNvbnRleHQ9MiBzZXFubz03CiAga3dvcmtlci91NDoyLTc3ICAgWzAwMF0gICAxMTIuMDAwNzAwOiBkbWFfbWFwX3NnOiBlZTEwMDAwMC5tbWMgZGlyPUZST2Rpcj1GUk9NX0RFVklDRSBwaHlzX2FkZHJzPXsweDQ5MDAwMDAwfSBhdHRycz0KICAgZSAgICAgIDxpZGxlPi0wICAgICAgIFswMDFdIGQuaDIuICAgMTEyLjAwMTMwMDogaW9fcGFnZV9mYXVsdDogSU9NTVU6cmNhci1kbWFjIGU2NzAwMDAwLmRtYS1jb250cm9sbGVyIGlvdmE9MHgwMDAwMDAwMGZlMDAwMDQwIGZsYWdzPTB4MDAwMQogICAgIGt3b3JrZXIvMDoxLTIzICAgICAgWzAwMF0gLi4uLi4gICAxMTIuMDAxNDAwOiBkbWFfYWxsb2M6IFtkZXZpY2UgYWRkcmVzcz0weGU2ZTYwMDAwLnNlcmlhbCBkaXI9QklESVJFQ1RJT05BTCBkbWFfYWRkcj1mZmY4MDAwMCBzaXplPTgxOTIgdmlydF9hZGRyPWZmZmYwMDAwMTIzNDAwMDAgZmxhZ3M9R0ZQX0tFUk5FTCBhdHRycz0KICAgICBrd29ya2VyLzA6MS0yQCAgICAgIFswMDBdIC4uLi4uICAgMTEyLjAwMTUwMDogZG1hX2ZyZWU6IGU2ZTYwMDAwLnNlcmlhbCBkaXI9QklESVJFQ1RJT05BTCBkbWFfYWRkcj1mZmY4MDAwMCBzaXplPTgxOTIgdmlydF9hZGRyPWZmZmYwMDAwMjQ3MDAwMDAgYXR0cnM9Cg==");

    public static void main(String[] args) throws Throwable {
        Crash_fc4aec5f2a7ae8e9af6becb09c8466fc08a568be.class.getClassLoader().setDefaultAssertionStatus(true);
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