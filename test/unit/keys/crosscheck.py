"""Independent cross-check of sigil's keys and signatures with Python's `cryptography` (OpenSSL) and a
pure-Python XSalsa20-Poly1305 (NaCl secretbox) + hashlib.scrypt. Reads one JSON request on stdin, writes JSON.

Used by test/unit/keys/python-crosscheck.test.ts only; nothing here is shipped.
"""
import base64
import hashlib
import json
import re
import struct
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def b64(b: bytes) -> str:
    return base64.b64encode(b).decode()


def unb64(s: str) -> bytes:
    return base64.b64decode(s, validate=True)


# --- NaCl secretbox (XSalsa20-Poly1305), written from the Salsa20 and Poly1305 specifications ---

def _rotl(v, c):
    return ((v << c) & 0xFFFFFFFF) | (v >> (32 - c))


def _rounds(x):
    for _ in range(10):
        for a, b, c, d in ((0, 4, 8, 12), (5, 9, 13, 1), (10, 14, 2, 6), (15, 3, 7, 11),
                           (0, 1, 2, 3), (5, 6, 7, 4), (10, 11, 8, 9), (15, 12, 13, 14)):
            x[b] ^= _rotl((x[a] + x[d]) & 0xFFFFFFFF, 7)
            x[c] ^= _rotl((x[b] + x[a]) & 0xFFFFFFFF, 9)
            x[d] ^= _rotl((x[c] + x[b]) & 0xFFFFFFFF, 13)
            x[a] ^= _rotl((x[d] + x[c]) & 0xFFFFFFFF, 18)
    return x


SIGMA = struct.unpack('<4I', b'expand 32-byte k')


def _state(key, n16):
    k = struct.unpack('<8I', key)
    n = struct.unpack('<4I', n16)
    return [SIGMA[0], k[0], k[1], k[2], k[3], SIGMA[1], n[0], n[1], n[2], n[3], SIGMA[2], k[4], k[5], k[6], k[7], SIGMA[3]]


def hsalsa20(key, n16):
    x = _rounds(_state(key, n16))
    return struct.pack('<8I', *(x[i] for i in (0, 5, 10, 15, 6, 7, 8, 9)))


def salsa20_stream(key, nonce8, length):
    out = bytearray()
    counter = 0
    while len(out) < length:
        s = _state(key, nonce8 + struct.pack('<Q', counter))
        x = _rounds(list(s))
        out += struct.pack('<16I', *(((a + b) & 0xFFFFFFFF) for a, b in zip(x, s)))
        counter += 1
    return bytes(out[:length])


def poly1305(key, msg):
    r = int.from_bytes(key[:16], 'little') & 0x0FFFFFFC0FFFFFFC0FFFFFFC0FFFFFFF
    s = int.from_bytes(key[16:], 'little')
    p = (1 << 130) - 5
    acc = 0
    for i in range(0, len(msg), 16):
        block = msg[i:i + 16] + b'\x01'
        acc = (acc + int.from_bytes(block, 'little')) * r % p
    return ((acc + s) & ((1 << 128) - 1)).to_bytes(16, 'little')


def secretbox_open(box, nonce, key):
    subkey = hsalsa20(key, nonce[:16])
    stream = salsa20_stream(subkey, nonce[16:], 32 + len(box) - 16)
    tag, ct = box[:16], box[16:]
    if poly1305(stream[:32], ct) != tag:
        return None
    return bytes(a ^ b for a, b in zip(ct, stream[32:]))


def decrypt_key_file(pem, password):
    m = re.search(r'-----BEGIN (.*?)-----\n(.*?)\n-----END \1-----\n', pem, re.S)
    label, body = m.group(1), unb64(m.group(2).replace('\n', ''))
    env = json.loads(body)
    params = env['kdf']['params']
    key = hashlib.scrypt(password, salt=unb64(env['kdf']['salt']), n=params['N'], r=params['r'], p=params['p'],
                         dklen=32, maxmem=256 * 1024 * 1024)
    plain = secretbox_open(unb64(env['ciphertext']), unb64(env['cipher']['nonce']), key)
    return label, params, body.decode(), plain


def main():
    req = json.load(sys.stdin)
    payload = unb64(req['payload'])
    out = {}

    pub = serialization.load_der_public_key(unb64(req['spki']))
    assert isinstance(pub, ec.EllipticCurvePublicKey) and pub.curve.name == 'secp256r1'
    try:
        pub.verify(unb64(req['signature']), payload, ec.ECDSA(hashes.SHA256()))
        out['sigil_signature_verifies'] = True
    except Exception:  # noqa: BLE001
        out['sigil_signature_verifies'] = False

    priv = serialization.load_der_private_key(unb64(req['pkcs8']), password=None)
    out['pkcs8_public_matches'] = priv.public_key().public_numbers() == pub.public_numbers()
    out['pkcs8_reencoded_identical'] = priv.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()) == unb64(req['pkcs8'])
    out['spki_reencoded_pem'] = pub.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()

    # OpenSSL's deterministic ECDSA (RFC 6979), if available, must give sigil's exact bytes.
    try:
        out['deterministic'] = b64(priv.sign(payload, ec.ECDSA(hashes.SHA256(), deterministic_signing=True)))
    except Exception as e:  # noqa: BLE001  (older OpenSSL)
        out['deterministic_error'] = str(e)

    # Random-k signatures: find one high-S and one low-S.
    found = {}
    while len(found) < 2:
        der = priv.sign(payload, ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        found.setdefault('high' if s > N // 2 else 'low', der)
    out['python_high_s'] = b64(found['high'])
    out['python_low_s'] = b64(found['low'])
    r, s = decode_dss_signature(found['high'])
    out['python_high_s_raw'] = b64(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))
    out['encode_check'] = b64(encode_dss_signature(r, s)) == out['python_high_s']

    if 'key_file' in req:
        label, params, envelope, plain = decrypt_key_file(req['key_file'], req['password'].encode())
        out['key_file'] = {'label': label, 'params': params, 'envelope': envelope,
                           'plaintext_is_pkcs8': plain == unb64(req['pkcs8'])}

    json.dump(out, sys.stdout)


main()
