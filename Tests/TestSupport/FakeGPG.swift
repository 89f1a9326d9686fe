import Foundation

/// A stand-in for gpg: signs anything, and leaves `marker` to say it ran.
public func fakeGPG(marker: String) -> String {
    """
    #!/bin/sh
    echo ran > '\(marker)'
    cat > /dev/null
    echo '[GNUPG:] SIG_CREATED D 22 8 00 1764320000 FAKE' >&2
    printf -- '-----BEGIN PGP SIGNATURE-----\\n\\nZmFrZQ==\\n-----END PGP SIGNATURE-----\\n'
    """
}
