"""9 Deploy: serving the editions: built editions + registry -> a web-server configuration.

``deploy.nginx`` writes an nginx site (one location per edition, deny by default, security
headers with a CSP built from the edition's own inline scripts) and a landing page;
``deploy.accounts`` turns a credentials file into one bcrypt htpasswd file per edition. Nothing
here changes an edition: access control sits in front of the published folders.
"""
