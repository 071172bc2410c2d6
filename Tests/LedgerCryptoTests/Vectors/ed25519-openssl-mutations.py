# Generator of ed25519-openssl-mutations.tsv: random keys and messages signed by OpenSSL 3 (through
# Python cryptography), mutated one way each, and verified again by OpenSSL. Run: python3 this-file.
import os, random
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives import serialization
from cryptography.exceptions import InvalidSignature
random.seed(7)
L=2**252+27742317777372353535851937790883648493
small=["0100000000000000000000000000000000000000000000000000000000000000","c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a","0000000000000000000000000000000000000000000000000000000000000080","26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05","ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f","edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f","0100000000000000000000000000000000000000000000000000000000000080"]
def ver(pk,m,s):
    try:
        Ed25519PublicKey.from_public_bytes(pk).verify(s,m); return 1
    except InvalidSignature: return 0
    except ValueError: return 0
out=open('ed25519-openssl-mutations.tsv','w')
out.write('# mutation\tpublic_key_hex\tmessage_hex\tsignature_hex\topenssl_accepts (Ed25519 signatures by random keys, mutated, verified with OpenSSL 3 via Python cryptography)\n')
kinds=['valid','signature-bit-flipped','public-key-bit-flipped','message-bit-flipped','s-plus-multiple-of-l','r-small-order','public-key-small-order','random-signature','r-non-canonical','valid']
for i in range(400):
    k=Ed25519PrivateKey.from_private_bytes(os.urandom(32))
    pk=k.public_key().public_bytes(serialization.Encoding.Raw,serialization.PublicFormat.Raw)
    m=os.urandom(random.randint(0,100)); s=bytearray(k.sign(m)); pk=bytearray(pk)
    t=random.randint(0,9)
    if t==1: s[random.randrange(64)]^=1<<random.randrange(8)
    elif t==2: pk[random.randrange(32)]^=1<<random.randrange(8)
    elif t==3 and m: m=bytearray(m); m[random.randrange(len(m))]^=1<<random.randrange(8); m=bytes(m)
    elif t==4:
        S=int.from_bytes(s[32:],'little')+L*random.randint(1,15)
        if S<2**256: s[32:]=S.to_bytes(32,'little')
    elif t==5: s[:32]=bytes.fromhex(random.choice(small))
    elif t==6: pk=bytearray(bytes.fromhex(random.choice(small)))
    elif t==7: s=bytearray(os.urandom(64))
    elif t==8:
        # non-canonical y for R: y + p when y < 19
        y=random.choice([0,1,2,5,18]); enc=(2**255-19+y)|(random.randint(0,1)<<255)
        s[:32]=enc.to_bytes(32,'little')
    pk=bytes(pk); s=bytes(s)
    out.write("%s\t%s\t%s\t%s\t%d\n"%(kinds[t],pk.hex(),m.hex(),s.hex(),ver(pk,m,s)))
