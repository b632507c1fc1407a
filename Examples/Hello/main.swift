import Werk

print("hello: the app is ready; serving over HTTP arrives with WerkServer.")
